export { WorkflowsModule } from './workflows.module';
export { WorkflowRepository } from './workflow.repository';
export type { WorkflowForTrigger } from './workflow-trigger.cache';
export { renderStepContent } from './step-preview';
