import type { Domains } from '../domains';
import type { SqlContext } from './context';

type TablesOf<D> = D extends { sqlStore: (ctx: SqlContext<infer Tables>) => unknown }
  ? Tables
  : never;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/** Every table Ermine stores, keyed by SQL name: the tables of every registered domain. */
export type Schema = Intersection<TablesOf<Domains[keyof Domains]>>;
