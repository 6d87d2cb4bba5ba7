---
inject: true
to: app/replicator-classes.ts
after: "REPLICATOR_CLASSES: readonly ReplicatorClass\\[\\] = \\["
skip_if: "  <%= name %>Replicator,"
---
  <%= name %>Replicator,
