package io.tillstream.local;

import java.util.List;

/** Synthetic till files together with what they are known to contain. */
public record GeneratedDataset(List<GeneratedFile> files, SalesTruth truth) {
    public GeneratedDataset {
        files = List.copyOf(files);
    }
}
