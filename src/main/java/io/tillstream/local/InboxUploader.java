package io.tillstream.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Syncs a local folder to the bucket for the quick start: a file dropped into the inbox is
 * uploaded over S3 and moved to {@code uploaded/}, as if a till had sent it. A file is taken only
 * once its size has stopped changing, so a copy in progress is not uploaded half-written.
 */
final class InboxUploader implements Runnable {
    private final Path inbox;
    private final Path uploaded;
    private final String bucketPrefix;
    private final Consumer<String> log;

    InboxUploader(Path inbox, String bucketPrefix, Consumer<String> log) throws IOException {
        this.inbox = Files.createDirectories(inbox);
        this.uploaded = Files.createDirectories(inbox.resolve("uploaded"));
        this.bucketPrefix = bucketPrefix;
        this.log = log;
    }

    @Override
    public void run() {
        try {
            for (Path file : settledFiles()) {
                S3Uploads.put(bucketPrefix + file.getFileName(), Files.readAllBytes(file));
                Files.move(file, uploaded.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                log.accept("uploaded " + file.getFileName() + " from the inbox to " + bucketPrefix);
            }
        } catch (IOException | InterruptedException e) {
            log.accept("inbox upload failed, will retry: " + e.getMessage());
        }
    }

    private List<Path> settledFiles() throws IOException, InterruptedException {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(inbox)) {
            candidates = files.filter(Files::isRegularFile).toList();
        }
        if (candidates.isEmpty()) {
            return candidates;
        }
        long[] sizes = new long[candidates.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Files.size(candidates.get(i));
        }
        Thread.sleep(300);
        List<Path> settled = new java.util.ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            if (Files.size(candidates.get(i)) == sizes[i]) {
                settled.add(candidates.get(i));
            }
        }
        return settled;
    }
}
