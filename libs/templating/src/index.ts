export * from './render-budget';
export * from './template-context';
export * from './template-render.error';
export * from './template-renderer';
