package io.tillstream.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;

/**
 * Lists till files ({@code .csv}, {@code .csv.gz}) recursively, treating a prefix that does not
 * exist yet as empty. On S3 a prefix exists only once an object is under it, and Flink's own
 * enumerator fails the job on a missing path: a freshly deployed job watching an empty prefix
 * would restart in a loop. Other objects (uploads in progress, markers, notes) are not till files
 * and are left alone.
 */
final class TillFileEnumerator implements FileEnumerator {
    private static final Pattern TILL_FILE = Pattern.compile("(?i).+\\.csv(\\.gz)?");

    private final FileEnumerator files = new NonSplittingRecursiveEnumerator();

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path path : paths) {
            try {
                for (FileSourceSplit split : files.enumerateSplits(new Path[] {path}, minDesiredSplits)) {
                    if (TILL_FILE.matcher(split.path().getName()).matches()) {
                        splits.add(split);
                    }
                }
            } catch (FileNotFoundException noObjectsYet) {
                // nothing to read until the first file lands
            }
        }
        return splits;
    }
}
