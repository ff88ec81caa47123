// Public API of @halong/policy-engine. Nothing is exported yet: this component is built by issue 3 (order 2).
// The workspace exists now so the layout, lint and typecheck cover it from the start.
export {};
