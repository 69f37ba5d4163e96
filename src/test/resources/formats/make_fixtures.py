#!/usr/bin/python3
"""Makes the format-parity fixtures and their reference values (see README.md beside this file).

    /usr/bin/python3 make_fixtures.py --seed-pipeline PATH/TO/shared/reference/seed_pipeline.py

Run it with Debian 12's python3 (python3-opencv 4.6, python3-torch, python3-pil, python3-numpy) and
with cjpeg (libjpeg-turbo-progs), cwebp (webp), tiffcp (libtiff-tools) and gcc + libjpeg62-turbo-dev
installed. It rewrites, from nothing:

* images/<format>/<variant>: small files made from crops of ../images/*.png;
* reference/<format>/<variant>.opencv.png: what cv2.imread(path, IMREAD_COLOR) returns, stored
  losslessly (a BGR image written by cv2.imwrite, so reading it back gives the same bytes);
  for GIF, which OpenCV 4.6 cannot read, reference/<...>.pillow.png holds Pillow's first frame;
* golden/: seed_pipeline.py's golden records (gray_sha256, stats, pooled maps, or the error).

Everything is deterministic: same tools, same bytes.
"""
import argparse
import gzip
import importlib.util
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import cv2
import numpy as np
from PIL import Image, ImageCms

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, "images")
REFERENCE = os.path.join(HERE, "reference")
GOLDEN = os.path.join(HERE, "golden")
SOURCES = os.path.join(HERE, "..", "images")

W, H = 61, 45          # odd on purpose: partial chroma blocks, odd rows of packed samples
SMALL_W, SMALL_H = 31, 23   # for the ASCII PNM files, which take ~4 bytes a sample


def source(name):
    return np.asarray(Image.open(os.path.join(SOURCES, name)))


def colour(w=W, h=H):
    """RGB crop of coffee.png: the cup's rim, saturated colours and fine detail."""
    return np.ascontiguousarray(source("coffee.png")[150:150 + h, 250:250 + w, :3])


def grey(w=W, h=H):
    """Grey crop of camera.png: the camera and the coat, hard edges and flat areas."""
    return np.ascontiguousarray(source("camera.png")[100:100 + h, 200:200 + w])


def alpha(w=W, h=H):
    """An alpha channel with every level: a diagonal ramp."""
    y, x = np.mgrid[0:h, 0:w]
    return ((x * 255 // (w - 1) + y * 3) % 256).astype(np.uint8)


def deep(a):
    """8-bit samples widened to 16 bits with a low byte that is not a copy of the high one."""
    a = a.astype(np.uint16)
    return (a << 8) | ((a * 37 + 11) & 0xFF)


def write(rel, data):
    path = os.path.join(IMAGES, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, check=True).stdout


def ppm(rgb):
    h, w = rgb.shape[:2]
    return b"P6\n%d %d\n255\n" % (w, h) + rgb.tobytes()


def pgm(g):
    h, w = g.shape
    return b"P5\n%d %d\n255\n" % (w, h) + g.tobytes()


# ---------------------------------------------------------------- JPEG

YCCK_WRITER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
/* ycck_writer W H SPACE QUALITY < raw CMYK > file.jpg; SPACE is cmyk or ycck. libjpeg writes the
   Adobe APP14 marker itself for both (transform 0 and 2). */
int main(int argc, char **argv) {
  struct jpeg_compress_struct c; struct jpeg_error_mgr e;
  int w = atoi(argv[1]), h = atoi(argv[2]), q = atoi(argv[4]);
  unsigned char *buf = malloc((size_t)w * h * 4);
  if (fread(buf, 4, (size_t)w * h, stdin) != (size_t)w * h) return 1;
  c.err = jpeg_std_error(&e); jpeg_create_compress(&c); jpeg_stdio_dest(&c, stdout);
  c.image_width = w; c.image_height = h; c.input_components = 4; c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_set_colorspace(&c, argv[3][0] == 'y' ? JCS_YCCK : JCS_CMYK);
  jpeg_set_quality(&c, q, TRUE);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = buf + (size_t)c.next_scanline * w * 4; jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c); jpeg_destroy_compress(&c); return 0;
}
"""


def srgb_profile():
    """An sRGB ICC profile from LittleCMS, with its creation date fixed and its (optional) ID cleared so
    that the bytes do not depend on the day the script runs."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = struct.pack(">6H", 2023, 1, 1, 0, 0, 0)
    icc[84:100] = bytes(16)
    return bytes(icc)


def exif_orientation(orientation):
    """An APP1 Exif segment whose IFD0 holds only Orientation (big-endian TIFF)."""
    tiff = b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1) \
        + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def cmyk_adobe(rgb):
    """Naive CMYK of an RGB image, stored inverted as Adobe applications store it (0 = full ink)."""
    f = rgb.astype(np.int32)
    k = 255 - f.max(axis=2)
    denom = np.maximum(255 - k, 1)
    cmy = (255 - f - k[..., None]) * 255 // denom[..., None]
    ink = np.concatenate([cmy, k[..., None]], axis=2)
    return (255 - ink).astype(np.uint8)


def make_jpeg(tmp):
    rgb = colour()
    src = ppm(rgb)
    for name, opts in [("baseline-420", ["-sample", "2x2"]), ("baseline-422", ["-sample", "2x1"]),
                       ("baseline-440", ["-sample", "1x2"]), ("baseline-444", ["-sample", "1x1"]),
                       ("baseline-411", ["-sample", "4x1"]), ("progressive-420", ["-progressive"]),
                       ("progressive-444", ["-progressive", "-sample", "1x1"]),
                       ("restart-intervals", ["-restart", "1"]), ("arithmetic", ["-arithmetic"]),
                       ("rgb-no-transform", ["-rgb"])]:
        write("jpeg/%s.jpg" % name, run(["cjpeg", "-quality", "85"] + opts, src))
    write("jpeg/grey.jpg", run(["cjpeg", "-quality", "85", "-grayscale"], pgm(grey())))
    icc = os.path.join(tmp, "srgb.icc")
    with open(icc, "wb") as f:
        f.write(srgb_profile())
    write("jpeg/icc-profile.jpg", run(["cjpeg", "-quality", "85", "-icc", icc], src))

    base = run(["cjpeg", "-quality", "85"], ppm(colour(47, 33)))
    for o in range(1, 9):
        write("jpeg/orientation-%d.jpg" % o, base[:2] + exif_orientation(o) + base[2:])

    c_file = os.path.join(tmp, "ycck_writer.c")
    exe = os.path.join(tmp, "ycck_writer")
    with open(c_file, "w") as f:
        f.write(YCCK_WRITER)
    run(["gcc", "-O1", "-o", exe, c_file, "-ljpeg"])
    cmyk = cmyk_adobe(rgb).tobytes()
    write("jpeg/cmyk-adobe.jpg", run([exe, str(W), str(H), "cmyk", "90"], cmyk))
    write("jpeg/ycck-adobe.jpg", run([exe, str(W), str(H), "ycck", "90"], cmyk))


# ---------------------------------------------------------------- PNG

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_rows(a, bits):
    """Rows of samples (h, n) as PNG/BMP/TIFF pack them: big-endian, MSB first, rows padded to bytes."""
    if bits == 16:
        return [row.astype(">u2").tobytes() for row in a]
    if bits == 8:
        return [row.astype(np.uint8).tobytes() for row in a]
    per = 8 // bits
    out = []
    for row in a:
        row = np.concatenate([row, np.zeros((-len(row)) % per, dtype=row.dtype)]).astype(np.uint8)
        groups = row.reshape(-1, per)
        packed = np.zeros(len(groups), dtype=np.uint8)
        for i in range(per):
            packed |= (groups[:, i] << (8 - bits * (i + 1))).astype(np.uint8)
        out.append(packed.tobytes())
    return out


def png(samples, bits, ctype, plte=None, trns=None, interlace=False, before=()):
    """A PNG of samples (h, w, c) written chunk by chunk: every bit depth and colour type."""
    h, w, c = samples.shape
    raw = b""
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        for row in pack_rows(sub.reshape(sub.shape[0], -1), bits):
            raw += b"\0" + row
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bits, ctype, 0, 0, int(interlace)))
    for kind, data in before:
        out += png_chunk(kind, data)
    if plte is not None:
        out += png_chunk(b"PLTE", plte.astype(np.uint8).tobytes())
    if trns is not None:
        out += png_chunk(b"tRNS", trns)
    return out + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b"")


def palette(n, seed):
    """n distinct colours: a deterministic random palette."""
    return np.random.default_rng(seed).integers(0, 256, size=(n, 3))


def indices(bits, w=W, h=H):
    """Palette indices following the grey crop's structure."""
    return (grey(w, h) >> (8 - bits)).astype(np.uint8)


def make_png():
    rgb, g, a = colour(), grey(), alpha()
    for bits in (1, 2, 4, 8):
        write("png/grey-%dbit.png" % bits, png((g >> (8 - bits))[..., None], bits, 0))
        write("png/palette-%dbit.png" % bits, png(indices(bits)[..., None], bits, 3, plte=palette(1 << bits, bits)))
    write("png/grey-16bit.png", png(deep(g)[..., None], 16, 0))
    write("png/grey-alpha-8bit.png", png(np.dstack([g, a]), 8, 4))
    write("png/grey-alpha-16bit.png", png(np.dstack([deep(g), deep(a)]), 16, 4))
    write("png/rgb-8bit.png", png(rgb, 8, 2))
    write("png/rgb-16bit.png", png(deep(rgb), 16, 2))
    write("png/rgba-8bit.png", png(np.dstack([rgb, a]), 8, 6))
    write("png/rgba-16bit.png", png(np.dstack([deep(rgb), deep(a)]), 16, 6))
    trns = bytes(int(v) for v in alpha(256, 1)[0])
    write("png/palette-8bit-trns.png", png(indices(8)[..., None], 8, 3, plte=palette(256, 8), trns=trns))
    write("png/palette-4bit-trns.png", png(indices(4)[..., None], 4, 3, plte=palette(16, 4), trns=b"\0\x80\xff\x10"))
    write("png/grey-8bit-trns.png", png(g[..., None], 8, 0, trns=struct.pack(">H", int(g[0, 0]))))
    r, gg, b = (int(v) for v in rgb[0, 0])
    write("png/rgb-8bit-trns.png", png(rgb, 8, 2, trns=struct.pack(">HHH", r, gg, b)))
    write("png/interlaced-rgb-8bit.png", png(rgb, 8, 2, interlace=True))
    write("png/interlaced-palette-4bit.png", png(indices(4)[..., None], 4, 3, plte=palette(16, 4), interlace=True))
    write("png/interlaced-grey-alpha-16bit.png", png(np.dstack([deep(g), deep(a)]), 16, 4, interlace=True))
    write("png/gamma-chunk.png", png(rgb, 8, 2, before=[(b"gAMA", struct.pack(">I", 100000))]))
    write("png/icc-profile.png", png(rgb, 8, 2, before=[(b"iCCP", b"sRGB\0\0" + zlib.compress(srgb_profile()))]))
    exif = exif_orientation(6)[10:]   # the TIFF structure only, as a PNG eXIf chunk holds it
    write("png/exif-orientation-6.png", png(colour(47, 33), 8, 2, before=[(b"eXIf", exif)]))


# ---------------------------------------------------------------- BMP

def bmp(rows_bottom_up, w, h, bpp, header=40, compression=0, colours=None, masks=None, top_down=False, core=False):
    """A BMP from already packed pixel rows, listed bottom row first (top row first when top_down)."""
    pixels = b"".join(r + b"\0" * ((-len(r)) % 4) for r in rows_bottom_up) if compression in (0, 3) \
        else b"".join(rows_bottom_up)   # RLE data is a byte stream, not padded rows
    if core:
        info = struct.pack("<IHHHH", 12, w, h, 1, bpp)
        table = b"".join(bytes([b, g, r]) for r, g, b in colours) if colours is not None else b""
    else:
        info = struct.pack("<IiiHHIIiiII", header, w, -h if top_down else h, 1, bpp, compression, len(pixels),
                           2835, 2835, len(colours) if colours is not None else 0, 0)
        if header >= 108:
            m = masks or (0, 0, 0, 0)
            info += struct.pack("<IIII", *m) + b"BGRs" + b"\0" * 36 + b"\0" * 12
            if header == 124:
                info += struct.pack("<IIII", 4, 0, 0, 0)
        table = b""
        if masks is not None and header == 40:
            table += struct.pack("<III", *masks[:3])
        if colours is not None:
            table += b"".join(bytes([b, g, r, 0]) for r, g, b in colours)
    offset = 14 + len(info) + len(table)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + info + table + pixels


def rle8(idx):
    """BMP RLE8: runs of one index (count, value), end of line, end of bitmap; bottom row first."""
    out = []
    for row in idx[::-1]:
        data, x = b"", 0
        while x < len(row):
            n = 1
            while x + n < len(row) and n < 255 and row[x + n] == row[x]:
                n += 1
            data += bytes([n, row[x]])
            x += n
        out.append(data + b"\0\0")
    out[-1] = out[-1][:-2] + b"\0\1"
    return out


def rle4(idx):
    """BMP RLE4 with two-colour runs (count, hi nibble, lo nibble alternating); bottom row first."""
    out = []
    for row in idx[::-1]:
        data, x = b"", 0
        while x < len(row):
            a = row[x]
            b = row[x + 1] if x + 1 < len(row) else a
            n = 2
            while x + n < len(row) and n < 254 and row[x + n] == (a if n % 2 == 0 else b):
                n += 1
            n = min(n, len(row) - x)
            data += bytes([n, (a << 4) | b])
            x += n
        out.append(data + b"\0\0")
    out[-1] = out[-1][:-2] + b"\0\1"
    return out


def make_bmp():
    rgb, a = colour(), alpha()
    bgr = rgb[..., ::-1]
    up = lambda rows: rows[::-1]
    write("bmp/rgb-24bit.bmp", bmp(up([r.tobytes() for r in bgr]), W, H, 24))
    write("bmp/rgb-24bit-top-down.bmp", bmp([r.tobytes() for r in bgr], W, H, 24, top_down=True))
    write("bmp/rgb-24bit-os2.bmp", bmp(up([r.tobytes() for r in bgr]), W, H, 24, core=True))
    bgra = np.dstack([bgr, a])
    write("bmp/rgb-32bit.bmp", bmp(up([r.tobytes() for r in bgra]), W, H, 32))
    write("bmp/rgba-32bit-v5.bmp", bmp(up([r.tobytes() for r in bgra]), W, H, 32, header=124, compression=3,
                                       masks=(0xFF0000, 0xFF00, 0xFF, 0xFF000000)))
    f = rgb.astype(np.uint16)
    v555 = ((f[..., 0] >> 3) << 10) | ((f[..., 1] >> 3) << 5) | (f[..., 2] >> 3)
    write("bmp/rgb-16bit-555.bmp", bmp(up([r.astype("<u2").tobytes() for r in v555]), W, H, 16))
    v565 = ((f[..., 0] >> 3) << 11) | ((f[..., 1] >> 2) << 5) | (f[..., 2] >> 3)
    write("bmp/rgb-16bit-565.bmp", bmp(up([r.astype("<u2").tobytes() for r in v565]), W, H, 16, compression=3,
                                       masks=(0xF800, 0x07E0, 0x001F)))
    for bits in (1, 4, 8):
        idx = indices(bits)
        pal = palette(1 << bits, 10 + bits)
        write("bmp/palette-%dbit.bmp" % bits, bmp(up(pack_rows(idx, bits)), W, H, bits, colours=pal))
    write("bmp/palette-8bit-os2.bmp", bmp(up(pack_rows(indices(8), 8)), W, H, 8, colours=palette(256, 18), core=True))
    write("bmp/rle8.bmp", bmp(rle8(indices(8) >> 3 << 3), W, H, 8, compression=1, colours=palette(256, 28)))
    write("bmp/rle4.bmp", bmp(rle4(indices(4)), W, H, 4, compression=2, colours=palette(16, 24)))


# ---------------------------------------------------------------- TIFF

def tiff(samples, bits, photometric, extra=None, colormap=None):
    """An uncompressed little-endian TIFF, one strip, from samples (h, w, c); tiffcp recompresses it."""
    h, w, c = samples.shape
    data = b"".join(pack_rows(samples.reshape(h, -1), bits)) if bits != 16 \
        else samples.astype("<u2").tobytes()
    tags = [(256, 4, [w]), (257, 4, [h]), (258, 3, [bits] * c), (259, 3, [1]), (262, 3, [photometric]),
            (273, 4, [0]), (277, 3, [c]), (278, 4, [h]), (279, 4, [len(data)]), (284, 3, [1])]
    if colormap is not None:
        tags.append((320, 3, list(colormap[:, 0]) + list(colormap[:, 1]) + list(colormap[:, 2])))
    if extra is not None:
        tags.append((338, 3, [extra]))
    tags.sort()
    ifd_size = 2 + 12 * len(tags) + 4
    blobs, blob_at = b"", 8 + ifd_size
    entries = []
    for tag, kind, values in tags:
        fmt = "<%d%s" % (len(values), "H" if kind == 3 else "I")
        raw = struct.pack(fmt, *[int(v) for v in values])
        if len(raw) <= 4:
            entries.append((tag, kind, len(values), raw.ljust(4, b"\0")))
        else:
            entries.append((tag, kind, len(values), struct.pack("<I", blob_at + len(blobs))))
            blobs += raw + b"\0" * (len(raw) % 2)
    data_at = blob_at + len(blobs)
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        if tag == 273:
            value = struct.pack("<I", data_at)
        ifd += struct.pack("<HHI", tag, kind, count) + value
    ifd += struct.pack("<I", 0)
    return b"II*\0" + struct.pack("<I", 8) + ifd + blobs + data


def make_tiff(tmp):
    rgb, g, a = colour(), grey(), alpha()
    plain = os.path.join(tmp, "rgb.tif")
    with open(plain, "wb") as f:
        f.write(tiff(rgb, 8, 2))
    write("tiff/rgb-8bit-none.tif", open(plain, "rb").read())
    for name, opts in [("lzw", ["-c", "lzw"]), ("lzw-predictor", ["-c", "lzw:2"]), ("deflate", ["-c", "zip"]),
                       ("packbits", ["-c", "packbits"]), ("tiled-deflate", ["-c", "zip", "-t", "-w", "16", "-l", "16"]),
                       ("planar-lzw", ["-c", "lzw", "-p", "separate"])]:
        out = os.path.join(tmp, name + ".tif")
        run(["tiffcp"] + opts + ([] if "-t" in opts else ["-r", "16"]) + [plain, out])
        write("tiff/rgb-8bit-%s.tif" % name, open(out, "rb").read())

    def compressed(rel, data, opts=("-c", "lzw")):
        src = os.path.join(tmp, "in.tif")
        out = os.path.join(tmp, "out.tif")
        with open(src, "wb") as f:
            f.write(data)
        run(["tiffcp"] + list(opts) + [src, out])
        write(rel, open(out, "rb").read())

    compressed("tiff/grey-8bit-lzw.tif", tiff(g[..., None], 8, 1))
    compressed("tiff/grey-8bit-min-is-white.tif", tiff((255 - g)[..., None], 8, 0))
    compressed("tiff/grey-16bit-deflate.tif", tiff(deep(g)[..., None], 16, 1), ("-c", "zip"))
    compressed("tiff/rgb-16bit-lzw.tif", tiff(deep(rgb), 16, 2))
    compressed("tiff/rgb-16bit-none.tif", tiff(deep(rgb), 16, 2), ("-c", "none"))
    compressed("tiff/rgba-8bit-unassociated.tif", tiff(np.dstack([rgb, a]), 8, 2, extra=2))
    compressed("tiff/rgba-8bit-associated.tif",
               tiff(np.dstack([(rgb.astype(np.uint32) * a[..., None] // 255).astype(np.uint8), a]), 8, 2, extra=1))
    compressed("tiff/grey-alpha-8bit.tif", tiff(np.dstack([g, a]), 8, 1, extra=2))
    cmap = (palette(256, 38) * 257).astype(np.uint16)
    compressed("tiff/palette-8bit-lzw.tif", tiff(indices(8)[..., None], 8, 3, colormap=cmap))
    cmap4 = (palette(16, 34) * 257).astype(np.uint16)
    compressed("tiff/palette-4bit-packbits.tif", tiff(indices(4)[..., None], 4, 3, colormap=cmap4),
               ("-c", "packbits"))
    compressed("tiff/bilevel-min-is-white-packbits.tif", tiff((indices(1) ^ 1)[..., None], 1, 0), ("-c", "packbits"))
    compressed("tiff/bilevel-min-is-black-none.tif", tiff(indices(1)[..., None], 1, 1), ("-c", "none"))


# ---------------------------------------------------------------- WebP

def make_webp(tmp):
    rgb_png = os.path.join(tmp, "rgb.png")
    rgba_png = os.path.join(tmp, "rgba.png")
    Image.fromarray(colour()).save(rgb_png)
    Image.fromarray(np.dstack([colour(), alpha()])).save(rgba_png)
    for name, src, opts in [("lossless", rgb_png, ["-lossless"]), ("lossless-alpha", rgba_png, ["-lossless", "-exact"]),
                            ("lossy-q80", rgb_png, ["-q", "80"]), ("lossy-q30", rgb_png, ["-q", "30"]),
                            ("lossy-alpha", rgba_png, ["-q", "80"])]:
        out = os.path.join(tmp, name + ".webp")
        run(["cwebp", "-quiet"] + opts + [src, "-o", out])
        write("webp/%s.webp" % name, open(out, "rb").read())


# ---------------------------------------------------------------- PNM

def ascii_rows(a, per_line=16):
    values = [str(int(v)) for v in a.reshape(-1)]
    return "\n".join(" ".join(values[i:i + per_line]) for i in range(0, len(values), per_line)).encode() + b"\n"


def make_pnm():
    rgb, g = colour(), grey()
    srgb, sg = colour(SMALL_W, SMALL_H), grey(SMALL_W, SMALL_H)
    bits = indices(1) ^ 1                      # PBM: 1 is black
    sbits = indices(1, SMALL_W, SMALL_H) ^ 1
    write("pnm/p1-ascii-bitmap.pbm", b"P1\n# ASCII bitmap\n%d %d\n" % (SMALL_W, SMALL_H)
          + "\n".join("".join(str(int(v)) for v in row) for row in sbits).encode() + b"\n")
    write("pnm/p2-ascii-grey.pgm", b"P2\n%d %d\n255\n" % (SMALL_W, SMALL_H) + ascii_rows(sg))
    write("pnm/p2-ascii-grey-maxval-15.pgm", b"P2\n%d %d\n15\n" % (SMALL_W, SMALL_H) + ascii_rows(sg >> 4))
    write("pnm/p3-ascii-rgb.ppm", b"P3\n# a comment\n%d %d # another\n255\n" % (SMALL_W, SMALL_H) + ascii_rows(srgb))
    write("pnm/p4-binary-bitmap.pbm", b"P4\n%d %d\n" % (W, H) + b"".join(pack_rows(bits, 1)))
    write("pnm/p5-binary-grey.pgm", pgm(g))
    write("pnm/p5-binary-grey-maxval-100.pgm", b"P5\n%d %d\n100\n" % (W, H) + (g.astype(np.uint32) * 100 // 255).astype(np.uint8).tobytes())
    write("pnm/p5-binary-grey-16bit.pgm", b"P5\n%d %d\n65535\n" % (W, H) + deep(g).astype(">u2").tobytes())
    write("pnm/p5-binary-grey-maxval-1000.pgm", b"P5\n%d %d\n1000\n" % (W, H)
          + (g.astype(np.uint32) * 1000 // 255).astype(">u2").tobytes())
    write("pnm/p6-binary-rgb.ppm", ppm(rgb))
    write("pnm/p6-binary-rgb-16bit.ppm", b"P6\n%d %d\n65535\n" % (W, H) + deep(rgb).astype(">u2").tobytes())


# ---------------------------------------------------------------- GIF

def make_gif(tmp):
    rgb = colour()
    quantised = Image.fromarray(rgb).quantize(64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = os.path.join(tmp, "a.gif")
    quantised.save(path, optimize=False)
    write("gif/palette-64.gif", open(path, "rb").read())
    second = Image.fromarray(255 - rgb).quantize(64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    quantised.save(path, save_all=True, append_images=[second], duration=100, loop=0, optimize=False,
                   disposal=1)
    write("gif/animated-first-frame.gif", open(path, "rb").read())
    quantised.save(path, transparency=0, optimize=False)
    write("gif/transparent-index.gif", open(path, "rb").read())
    interlaced = Image.fromarray(grey()).quantize(32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    interlaced.save(path, interlace=True, optimize=False)
    write("gif/interlaced.gif", open(path, "rb").read())


# ---------------------------------------------------------------- broken files

def make_broken():
    """Damaged and hostile files: each must give the reference's error reason, never pixels."""
    def image(rel):
        return open(os.path.join(IMAGES, rel), "rb").read()

    bmp24 = image("bmp/rgb-24bit.bmp")
    write("broken/truncated.bmp", bmp24[:len(bmp24) * 2 // 3])
    write("broken/truncated-rle8.bmp", image("bmp/rle8.bmp")[:900])
    write("broken/huge-header.bmp", bmp([b""], 60000, 60000, 24)[:54] + b"\0" * 64)
    write("broken/truncated.tif", image("tiff/rgb-8bit-none.tif")[:5000])
    write("broken/truncated-lzw.tif", image("tiff/rgb-8bit-lzw.tif")[:3000])
    header = tiff(np.zeros((1, 1, 3), np.uint8), 8, 2)
    write("broken/huge-header.tif", header.replace(struct.pack("<HHII", 256, 4, 1, 1), struct.pack("<HHII", 256, 4, 1, 60000))
          .replace(struct.pack("<HHII", 257, 4, 1, 1), struct.pack("<HHII", 257, 4, 1, 60000)))
    write("broken/truncated.ppm", image("pnm/p6-binary-rgb.ppm")[:3000])
    write("broken/truncated-ascii.pgm", image("pnm/p2-ascii-grey.pgm")[:900])
    write("broken/huge-header.ppm", b"P6\n60000 60000\n255\n" + b"\0" * 64)
    write("broken/text-starting-p6.txt", b"P6 is the name of a form, not an image\n")
    write("broken/text-starting-p1.txt", b"P1\nthis line is prose\n")
    lossy = image("webp/lossy-q80.webp")
    write("broken/truncated.webp", lossy[:len(lossy) // 2])
    lossless = image("webp/lossless.webp")
    write("broken/truncated-lossless.webp", lossless[:len(lossless) // 2])
    write("broken/truncated-interlaced.png", image("png/interlaced-rgb-8bit.png")[:3000])
    gif = image("gif/palette-64.gif")
    write("broken/truncated.gif", gif[:len(gif) // 2])
    write("broken/huge-header.gif", b"GIF89a" + struct.pack("<HH", 60000, 60000) + b"\0\0\0"
          + b"," + struct.pack("<HHHH", 0, 0, 60000, 60000) + b"\0\x08\x02\x4c\x01\0;")
    jpeg = image("jpeg/progressive-420.jpg")
    write("broken/truncated-progressive.jpg", jpeg[:len(jpeg) // 2])


# ---------------------------------------------------------------- references

def walk(root):
    return sorted(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/")
                  for d, _, names in os.walk(root) for n in names)


def write_references():
    for rel in walk(IMAGES):
        path = os.path.join(IMAGES, rel)
        dst = os.path.join(REFERENCE, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if rel.startswith("gif/"):
            first = Image.open(path)
            first.seek(0)
            rgb = np.asarray(first.convert("RGB"))
            cv2.imwrite(dst + ".pillow.png", np.ascontiguousarray(rgb[..., ::-1]))
            continue
        try:
            img = cv2.imread(path, cv2.IMREAD_COLOR)
        except cv2.error:       # over OpenCV's pixel limit: no image, golden/ records too_large
            img = None
        if img is not None and not rel.startswith("broken/"):
            cv2.imwrite(dst + ".opencv.png", img)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed-pipeline", required=True, help="shared/reference/seed_pipeline.py")
    a = p.parse_args()
    for d in (IMAGES, REFERENCE, GOLDEN):
        shutil.rmtree(d, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        make_jpeg(tmp)
        make_png()
        make_bmp()
        make_tiff(tmp)
        make_webp(tmp)
        make_pnm()
        make_gif(tmp)
    make_broken()
    write_references()
    subprocess.run([sys.executable, a.seed_pipeline, "golden", "--images", IMAGES, "--out", GOLDEN],
                   check=True, stdout=subprocess.DEVNULL)
    compress_pooled(a.seed_pipeline)


def compress_pooled(seed_pipeline):
    """Gzips every pooled map, as seed_pipeline.py does for large ones: a seventh of the size here
    (channels 2 and 3 repeat 0 and 1, and ReLU leaves many zeros). The records name the .gz file."""
    spec = importlib.util.spec_from_file_location("seed_pipeline", seed_pipeline)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for rel in walk(GOLDEN):
        if not rel.endswith(".json") or rel == "index.json":
            continue
        path = os.path.join(GOLDEN, rel)
        with open(path) as f:
            record = json.load(f)
        name = record.get("pooled_file")
        if name is None or name.endswith(".gz"):
            continue
        raw = os.path.join(os.path.dirname(path), name)
        with open(raw, "rb") as f, open(raw + ".gz", "wb") as out:
            with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
                gz.write(f.read())
        os.remove(raw)
        record["pooled_file"] = name + ".gz"
        module.write_json(path, record)


if __name__ == "__main__":
    main()
