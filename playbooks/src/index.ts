// Public API of @halong/playbooks. Nothing is exported yet: this component is built by a later issue.
// The workspace exists now so the layout, lint and typecheck cover it from the start.
export {};
