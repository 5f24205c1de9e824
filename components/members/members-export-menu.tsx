'use client';

import { ChevronDown, FileDown, FileJson, FileSpreadsheet } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { memberExportHref, type MemberListFilters } from './api';

/**
 * Export the members list (members.read) as it is filtered and ordered: a spreadsheet (CSV, one column per custom
 * attribute) or the JSON items, both downloads from the API (`GET …/members/export`).
 */
export function MembersExportMenu({ tenant, filters, filtered }: { tenant: string; filters: MemberListFilters; filtered: boolean }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button size="sm" data-testid="members-export-menu">
          <FileDown aria-hidden="true" />
          Export
          <ChevronDown aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          {filtered ? 'The members matching the filters' : 'Every member'}, with roles, teams and custom attributes
        </DropdownMenuLabel>
        <DropdownMenuItem asChild>
          <a href={memberExportHref(tenant, filters, 'csv')} download data-testid="members-export-csv">
            <FileSpreadsheet aria-hidden="true" />
            Spreadsheet (CSV)
          </a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href={memberExportHref(tenant, filters, 'json')} download data-testid="members-export-json">
            <FileJson aria-hidden="true" />
            Data (JSON)
          </a>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
