"""
A Kubernetes API emulator (kmock-based) that behaves enough like kube-apiserver for klepaas,
used by the tests and by the playground's DEMO cluster.

- `emulator`: the API server itself (patches, dry runs, subresources, selectors);
- `resources`: the API paths and time stamps the other modules share;
- `objects`, `pods`, `network`: functions that seed it with realistic objects;
- `controller`, `stepping`: the Deployment controller's steps (one at a time, or pod by pod);
- `shop`: the DEMO cluster, a small shop whose rollouts progress by themselves and whose pods log.
"""
