// Public API of @halong/collectors. Nothing is exported yet: this component is built by issue 5 (order 4).
// The workspace exists now so the layout, lint and typecheck cover it from the start.
export {};
