"""National-scale benchmark: dataset builder, page latency, HTTP throughput (issue 9)."""
