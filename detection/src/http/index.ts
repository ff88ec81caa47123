// The rule-management API (fastify plugin, behind the PEP).
export { detectionRoutes } from './detection-routes';
export type { DetectionRoutesOptions } from './detection-routes';
