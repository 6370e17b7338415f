"""A real S3-compatible server on 127.0.0.1 (moto's standalone server) for the object-storage tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

CONN_ID = "antara_runs"


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str
    #: one connection id per server: Airflow caches an ObjectStoragePath's filesystem per connection for the life of
    #: the process, so a second server under the same id would be reached at the first one's (dead) endpoint
    conn_id: str = CONN_ID

    @property
    def env(self) -> dict[str, str]:
        """Credentials for the fake server and the Airflow connection ObjectStoragePath resolves ``<conn_id>@``."""
        connection = {"conn_type": "aws", "extra": {"endpoint_url": self.endpoint, "region_name": "us-east-1"}}
        return {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            f"AIRFLOW_CONN_{self.conn_id.upper()}": json.dumps(connection),
        }

    def url(self, prefix: str) -> str:
        return f"s3://{self.conn_id}@{self.bucket}/{prefix}"

    def keys(self, prefix: str = "") -> list[str]:
        import boto3

        client = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))


@contextmanager
def s3_server(bucket: str = "antara-runs") -> Iterator[S3Server]:
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                     aws_secret_access_key="testing").create_bucket(Bucket=bucket)  # fmt: skip
        yield S3Server(endpoint, bucket, conn_id=f"{CONN_ID}_{port}")
    finally:
        server.stop()
