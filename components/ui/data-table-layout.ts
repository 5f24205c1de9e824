/**
 * The class names that turn a `DataTable` into cards below a breakpoint: one `<table>`, its rows restyled by CSS
 * (each cell labelled by its column header through `data-label`), so nothing is rendered twice. Written out per
 * breakpoint because Tailwind only sees whole class names.
 */
export type CardBreakpoint = 'sm' | 'md' | 'lg' | 'xl';

type Layout = {
  frame: string;
  table: string;
  thead: string;
  theadHidden: string;
  headRow: string;
  head: string;
  headSortable: string;
  headHidden: string;
  body: string;
  row: string;
  cell: string;
  cellLabelled: string;
  cellPlain: string;
  primary: string;
  actions: string;
};

const shared = {
  table: 'w-full border-collapse text-sm',
  head: 'h-9 px-3 text-left align-middle text-xs font-medium whitespace-nowrap text-muted-foreground',
  row: 'border-b border-border transition-colors hover:bg-muted/50',
  cell: 'px-3 py-2 align-middle',
};

export const CARD_LAYOUTS: Record<CardBreakpoint, Layout> = {
  sm: {
    frame: 'sm:overflow-x-auto sm:rounded-lg sm:border sm:border-border sm:bg-card',
    table: `${shared.table} max-sm:block`,
    thead: 'max-sm:block',
    theadHidden: 'max-sm:hidden',
    headRow: 'border-b border-border max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:gap-1.5 max-sm:border-0 max-sm:pb-2',
    head: `${shared.head} sm:first:pl-4 sm:last:pr-4 max-sm:h-auto max-sm:px-0`,
    headSortable: 'max-sm:rounded-md max-sm:border max-sm:border-border max-sm:bg-card max-sm:px-2 max-sm:py-1',
    headHidden: 'max-sm:hidden',
    body: 'max-sm:grid max-sm:grid-cols-1 max-sm:gap-2',
    row: `${shared.row} sm:last:border-0 max-sm:grid max-sm:grid-cols-1 max-sm:gap-2 max-sm:rounded-lg max-sm:border max-sm:border-border max-sm:bg-card max-sm:p-3`,
    cell: `${shared.cell} sm:h-10 sm:first:pl-4 sm:last:pr-4 max-sm:p-0`,
    cellLabelled:
      'max-sm:grid max-sm:grid-cols-[minmax(6rem,35%)_minmax(0,1fr)] max-sm:gap-3 max-sm:before:text-xs max-sm:before:leading-5 max-sm:before:text-muted-foreground max-sm:before:content-[attr(data-label)]',
    cellPlain: 'max-sm:block',
    primary: 'max-sm:font-medium',
    actions: 'max-sm:pt-1',
  },
  md: {
    frame: 'md:overflow-x-auto md:rounded-lg md:border md:border-border md:bg-card',
    table: `${shared.table} max-md:block`,
    thead: 'max-md:block',
    theadHidden: 'max-md:hidden',
    headRow: 'border-b border-border max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-1.5 max-md:border-0 max-md:pb-2',
    head: `${shared.head} md:first:pl-4 md:last:pr-4 max-md:h-auto max-md:px-0`,
    headSortable: 'max-md:rounded-md max-md:border max-md:border-border max-md:bg-card max-md:px-2 max-md:py-1',
    headHidden: 'max-md:hidden',
    body: 'max-md:grid max-md:grid-cols-1 max-md:gap-2',
    row: `${shared.row} md:last:border-0 max-md:grid max-md:grid-cols-1 max-md:gap-2 max-md:rounded-lg max-md:border max-md:border-border max-md:bg-card max-md:p-3`,
    cell: `${shared.cell} md:h-10 md:first:pl-4 md:last:pr-4 max-md:p-0`,
    cellLabelled:
      'max-md:grid max-md:grid-cols-[minmax(6rem,35%)_minmax(0,1fr)] max-md:gap-3 max-md:before:text-xs max-md:before:leading-5 max-md:before:text-muted-foreground max-md:before:content-[attr(data-label)]',
    cellPlain: 'max-md:block',
    primary: 'max-md:font-medium',
    actions: 'max-md:pt-1',
  },
  lg: {
    frame: 'lg:overflow-x-auto lg:rounded-lg lg:border lg:border-border lg:bg-card',
    table: `${shared.table} max-lg:block`,
    thead: 'max-lg:block',
    theadHidden: 'max-lg:hidden',
    headRow: 'border-b border-border max-lg:flex max-lg:flex-wrap max-lg:items-center max-lg:gap-1.5 max-lg:border-0 max-lg:pb-2',
    head: `${shared.head} lg:first:pl-4 lg:last:pr-4 max-lg:h-auto max-lg:px-0`,
    headSortable: 'max-lg:rounded-md max-lg:border max-lg:border-border max-lg:bg-card max-lg:px-2 max-lg:py-1',
    headHidden: 'max-lg:hidden',
    body: 'max-lg:grid max-lg:grid-cols-1 max-lg:gap-2',
    row: `${shared.row} lg:last:border-0 max-lg:grid max-lg:grid-cols-1 max-lg:gap-2 max-lg:rounded-lg max-lg:border max-lg:border-border max-lg:bg-card max-lg:p-3`,
    cell: `${shared.cell} lg:h-10 lg:first:pl-4 lg:last:pr-4 max-lg:p-0`,
    cellLabelled:
      'max-lg:grid max-lg:grid-cols-[minmax(6rem,35%)_minmax(0,1fr)] max-lg:gap-3 max-lg:before:text-xs max-lg:before:leading-5 max-lg:before:text-muted-foreground max-lg:before:content-[attr(data-label)]',
    cellPlain: 'max-lg:block',
    primary: 'max-lg:font-medium',
    actions: 'max-lg:pt-1',
  },
  xl: {
    frame: 'xl:overflow-x-auto xl:rounded-lg xl:border xl:border-border xl:bg-card',
    table: `${shared.table} max-xl:block`,
    thead: 'max-xl:block',
    theadHidden: 'max-xl:hidden',
    headRow: 'border-b border-border max-xl:flex max-xl:flex-wrap max-xl:items-center max-xl:gap-1.5 max-xl:border-0 max-xl:pb-2',
    head: `${shared.head} xl:first:pl-4 xl:last:pr-4 max-xl:h-auto max-xl:px-0`,
    headSortable: 'max-xl:rounded-md max-xl:border max-xl:border-border max-xl:bg-card max-xl:px-2 max-xl:py-1',
    headHidden: 'max-xl:hidden',
    body: 'max-xl:grid max-xl:grid-cols-1 max-xl:gap-2',
    row: `${shared.row} xl:last:border-0 max-xl:grid max-xl:grid-cols-1 max-xl:gap-2 max-xl:rounded-lg max-xl:border max-xl:border-border max-xl:bg-card max-xl:p-3`,
    cell: `${shared.cell} xl:h-10 xl:first:pl-4 xl:last:pr-4 max-xl:p-0`,
    cellLabelled:
      'max-xl:grid max-xl:grid-cols-[minmax(6rem,35%)_minmax(0,1fr)] max-xl:gap-3 max-xl:before:text-xs max-xl:before:leading-5 max-xl:before:text-muted-foreground max-xl:before:content-[attr(data-label)]',
    cellPlain: 'max-xl:block',
    primary: 'max-xl:font-medium',
    actions: 'max-xl:pt-1',
  },
};
