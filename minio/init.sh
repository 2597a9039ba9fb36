#!/bin/sh
# One-shot (compose service minio-init), safe to rerun: the drop bucket, and a MinIO user for Flink
# that may only list and read it. The root credentials stay with MinIO and this script.
set -eu
mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing local/till-drops
mc admin policy create local tillstream-read /opt/tillstream/minio/tillstream-read.json
mc admin user add local "$MINIO_FLINK_USER" "$MINIO_FLINK_PASSWORD"
mc admin policy attach local tillstream-read --user "$MINIO_FLINK_USER" ||
  mc admin user info local "$MINIO_FLINK_USER" | grep -q tillstream-read
