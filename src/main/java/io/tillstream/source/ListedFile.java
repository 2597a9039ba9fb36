package io.tillstream.source;

/**
 * A till file as a listing shows it.
 *
 * @param path the object's full path
 * @param modified its last-modified time (epoch millis): on S3, when its upload started
 * @param size its size in bytes
 */
record ListedFile(String path, long modified, long size) {}
