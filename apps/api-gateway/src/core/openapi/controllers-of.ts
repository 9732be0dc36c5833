import { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';

type ModuleImport = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/**
 * Every controller a module and the modules it imports declare, found from their metadata without
 * creating the application (the document's reader may have no database or broker at hand).
 */
export function controllersOf(root: Type<unknown> | DynamicModule): Type<unknown>[] {
  const found = new Set<Type<unknown>>();
  const seen = new Set<unknown>();
  const visit = (entry: ModuleImport | undefined): void => {
    if (!entry || entry instanceof Promise || seen.has(entry)) return;
    seen.add(entry);
    if ('forwardRef' in entry) return visit(entry.forwardRef() as ModuleImport);
    const dynamic = 'module' in entry ? entry : undefined;
    const type = dynamic ? dynamic.module : (entry as Type<unknown>);
    const read = <T>(key: string): T[] => Reflect.getMetadata(key, type) ?? [];
    for (const controller of [...read<Type<unknown>>(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])])
      found.add(controller);
    for (const child of [...read<ModuleImport>(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])]) visit(child);
  };
  visit(root);
  return [...found];
}
