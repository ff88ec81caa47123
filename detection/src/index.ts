// Public API of @halong/detection. Nothing is exported yet: this component is built by issue 4 (order 3).
// The workspace exists now so the layout, lint and typecheck cover it from the start.
export {};
