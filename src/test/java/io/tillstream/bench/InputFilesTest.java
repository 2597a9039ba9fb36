package io.tillstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tillstream.local.GeneratedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    private static final String CURRENT =
            "23/03/2021 09:00,Leeds,Bramwell Jessop,Large Latte - 2.50,2.50,CARD,9637000000006227\r\n"
                    + "8/3/2021 9:01,Leeds,Ann Lee,Regular Tea - 1.40,1.40,CASH,\r\n"
                    + " ";
    private static final String LEGACY =
            "2021-02-23 09:00:48,Isle of Wight,Marlow Birchall,\"Large,Latte,2.9\",CASH,2.90,None\n";

    @Test
    void shiftsEverySaleDateAndTheFileNameByWholeWeeksAndKeepsTheRest() {
        GeneratedFile shifted =
                InputFiles.shifted(new GeneratedFile("leeds_23-03-2021_09-00-00.csv", bytes(CURRENT)), 14, "copy-002/");

        assertEquals("copy-002/leeds_06-04-2021_09-00-00.csv", shifted.name());
        assertEquals(
                "06/04/2021 09:00,Leeds,Bramwell Jessop,Large Latte - 2.50,2.50,CARD,9637000000006227\r\n"
                        + "22/3/2021 9:01,Leeds,Ann Lee,Regular Tea - 1.40,1.40,CASH,\r\n"
                        + " ",
                InputFiles.text(shifted));
    }

    @Test
    void shiftsLegacyFilesAcrossAYearAndKeepsThemGzipped() throws IOException {
        GeneratedFile shifted = InputFiles.shifted(
                new GeneratedFile("2021-12-28-isle-of-wight.csv.gz", gzip(LEGACY.replace("2021-02-23", "2021-12-28"))),
                7,
                "copy-001/");

        assertEquals("copy-001/2022-01-04-isle-of-wight.csv.gz", shifted.name());
        assertEquals(LEGACY.replace("2021-02-23", "2022-01-04"), InputFiles.text(shifted));
    }

    @Test
    void readsAFolderRecursivelyAndReplicatesItIntoDistinctFolders(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/leeds_23-03-2021_09-00-00.csv"), CURRENT);
        Files.write(dir.resolve("2021-02-23-isle-of-wight.csv.gz"), gzip(LEGACY));
        Files.writeString(dir.resolve("notes.txt"), "not a till file");

        List<GeneratedFile> copies = InputFiles.replicate(InputFiles.read(dir), 3);

        assertEquals(
                List.of(
                        "copy-000/2021-02-23-isle-of-wight.csv.gz",
                        "copy-000/a/b/leeds_23-03-2021_09-00-00.csv",
                        "copy-001/2021-03-02-isle-of-wight.csv.gz",
                        "copy-001/a/b/leeds_30-03-2021_09-00-00.csv",
                        "copy-002/2021-03-09-isle-of-wight.csv.gz",
                        "copy-002/a/b/leeds_06-04-2021_09-00-00.csv"),
                copies.stream().map(GeneratedFile::name).toList());
        assertEquals(CURRENT, InputFiles.text(copies.get(1)));
    }

    @Test
    void refusesAFolderWithoutTillFiles(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> InputFiles.read(dir));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes(text));
        }
        return out.toByteArray();
    }
}
