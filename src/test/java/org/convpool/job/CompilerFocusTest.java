package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerFocusTest {
    @TempDir
    Path tmp;

    @Test
    void aFreshJvmAcceptsTheDirectivesWithoutComplaint() throws Exception {
        Path file = tmp.resolve("jit-directives.json");
        try (InputStream in = CompilerFocus.class.getResourceAsStream(CompilerFocus.RESOURCE)) {
            assertNotNull(in, CompilerFocus.RESOURCE + " is in the jar");
            Files.write(file, in.readAllBytes());
        }
        // A pattern the JVM cannot use is reported and skipped, not refused: the whole output must be the count.
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + file, "-version")
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, java.waitFor(), output);
        assertEquals("3 compiler directives added", output.lines().findFirst().orElse(""), output);
        assertFalse(output.contains("error"), output);
    }

    @Test
    void thePerImageCodeKeepsC2AndTheRestIsLeftToC1() throws Exception {
        String text;
        try (InputStream in = CompilerFocus.class.getResourceAsStream(CompilerFocus.RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the directives apply in order, the first match wins
        int keep = text.indexOf("Exclude: false");
        int last = text.lastIndexOf("Exclude: true");
        for (String ours : List.of("\"org/convpool/*.*\"", "\"jdk/incubator/vector/*.*\"", "\"com/sun/imageio/*.*\"",
                "\"java/util/zip/*.*\"")) {
            int at = text.indexOf(ours);
            assertTrue(at >= 0 && at < keep, ours + " keeps C2");
        }
        assertTrue(text.indexOf("\"*.*\"") > keep && text.indexOf("\"*.*\"") < last, "everything else: C1 only");
    }

    @Test
    void aClusterDriverAndTheOptOutAreLeftAlone() {
        assertTrue(CompilerFocus.applyForLocalMaster("spark://master:7077").startsWith("as usual"));
        assertTrue(CompilerFocus.applyForLocalMaster("local-cluster[2,1,1024]").startsWith("as usual"));
        assertTrue(CompilerFocus.applyForLocalMaster("yarn").startsWith("as usual"));
        String before = System.getProperty(CompilerFocus.PROPERTY);
        System.setProperty(CompilerFocus.PROPERTY, "all");
        try {
            assertEquals("as usual (-Dconvpool.jit=all)", CompilerFocus.applyForLocalMaster("local[2]"));
        } finally {
            if (before == null) {
                System.clearProperty(CompilerFocus.PROPERTY);
            } else {
                System.setProperty(CompilerFocus.PROPERTY, before);
            }
        }
    }

    @Test
    void theJvmSaysWhatIsWrongWithBadDirectives() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "[ { match: [\"*.*\"], c2: { Exclude: maybe } } ]");
        String reply = CompilerFocus.add(bad.toString());
        assertFalse(reply.strip().endsWith("compiler directives added"), reply);
        assertTrue(reply.contains("maybe"), reply);
    }
}
