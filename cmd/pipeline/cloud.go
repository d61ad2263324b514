package main

// Dataflow and the cloud filesystems. Behind a build tag they saved only
// about 4% of the cold build's CPU (measured), not worth a second way to
// build.
import (
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
)
