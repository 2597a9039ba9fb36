package io.tillstream.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Lists till files ({@code .csv}, {@code .csv.gz}) under a prefix: the files directly in it, in
 * its sub-prefixes, and in its date {@link Partition}s recent enough to matter. A prefix that does
 * not exist yet is empty (on S3 a prefix exists only once an object is under it). Other objects
 * (uploads in progress, markers, notes, hidden files) are not till files and are left alone.
 */
final class TillFileLister {
    private static final Pattern TILL_FILE = Pattern.compile("(?i)[^._].*\\.csv(\\.gz)?");

    private TillFileLister() {}

    /** Every till file under {@code prefix}, skipping partitions of uploads before {@code listFrom}. */
    static List<ListedFile> list(Path prefix, long listFrom) throws IOException {
        List<ListedFile> files = new ArrayList<>();
        collect(prefix.getFileSystem(), prefix, List.of(), listFrom, files);
        return files;
    }

    static boolean isTillFile(String name) {
        return TILL_FILE.matcher(name).matches();
    }

    /** Hadoop and Flink mark their working directories ({@code _temporary}, {@code .staging}) so. */
    private static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /** @param folders {@code directory}'s path below the prefix */
    private static void collect(
            FileSystem fs, Path directory, List<String> folders, long listFrom, List<ListedFile> files)
            throws IOException {
        FileStatus[] children;
        try {
            children = fs.listStatus(directory);
        } catch (FileNotFoundException noObjectsYet) {
            return;
        }
        if (children == null) {
            return;
        }
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (child.isDir()) {
                List<String> below = new ArrayList<>(folders);
                below.add(name);
                if (!isHidden(name) && Partition.needsListing(below, listFrom)) {
                    collect(fs, child.getPath(), below, listFrom, files);
                }
            } else if (isTillFile(name)) {
                files.add(new ListedFile(child.getPath().toString(), child.getModificationTime(), child.getLen()));
            }
        }
    }
}
