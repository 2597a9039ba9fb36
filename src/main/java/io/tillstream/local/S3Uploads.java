package io.tillstream.local;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Puts objects into the bucket over HTTP, through the same S3 client the job reads with. */
public final class S3Uploads {
    private S3Uploads() {}

    public static void put(String uri, byte[] content) throws IOException {
        Path path = new Path(uri);
        try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(content);
        }
    }
}
