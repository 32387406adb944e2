"""
A Kubernetes API emulator (kmock-based) that behaves enough like kube-apiserver for klepaas.

- `emulator`: the API server itself (patches, dry runs, subresources, selectors);
- `resources`: the API paths and time stamps the other modules share;
- `objects`, `pods`, `network`: functions that seed it with realistic objects;
- `controller`: the Deployment controller's steps (rollouts progressing, pods logging).
"""
