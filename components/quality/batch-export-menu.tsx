'use client';

import { ChevronDown, FileDown, FileJson, FileText } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { paths, type BatchDetailView } from './api';

/** Export the batch record (batches.read): a readable A4 PDF, or the JSON record, both downloads from the API. */
export function BatchExportMenu({ tenant, batch }: { tenant: string; batch: BatchDetailView }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button data-testid="export-menu">
          <FileDown aria-hidden="true" />
          Export
          <ChevronDown aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          Batch {batch.batchNumber} with its inspections, signatures, notes and audit history
        </DropdownMenuLabel>
        <DropdownMenuItem asChild>
          <a href={paths.exportBatch(tenant, batch.id, 'pdf')} download>
            <FileText aria-hidden="true" />
            Batch record (PDF)
          </a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href={paths.exportBatch(tenant, batch.id, 'json')} download>
            <FileJson aria-hidden="true" />
            Batch record (JSON)
          </a>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
