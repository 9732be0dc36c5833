export { LayoutsModule } from './layouts.module';
export { LayoutSnapshots, withCurrentLayout } from './layout-snapshot';
