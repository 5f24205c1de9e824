import { Badge } from '@/components/ui/badge';
import { CAMPAIGN_STATUS_LABEL, type AccessReviewView } from './api';

/** The campaign's status as a badge with its word; an open campaign past its due date also says Overdue. */
export function CampaignStatus({ campaign }: { campaign: Pick<AccessReviewView, 'status' | 'overdue'> }) {
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <Badge tone={campaign.status === 'open' ? 'info' : 'success'} dot data-testid="campaign-status">
        {CAMPAIGN_STATUS_LABEL[campaign.status]}
      </Badge>
      {campaign.overdue ? (
        <Badge tone="danger" data-testid="campaign-overdue">
          Overdue
        </Badge>
      ) : null}
    </span>
  );
}

/**
 * Decided and signed of the total: a bar (signed solid, decided lighter) and the same in words beside it, so the
 * figures never rest on colour. `label` names it for screen readers ("Progress of Q1 review").
 */
export function CampaignProgress({ progress, label }: { progress: AccessReviewView['progress']; label: string }) {
  const { total, decided, signed } = progress;
  const pct = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 100));
  const words = `${decided} of ${total} decided, ${signed} signed`;
  return (
    <div className="grid min-w-32 gap-1" data-testid="campaign-progress">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={signed}
        aria-valuetext={words}
        className="relative h-1.5 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="absolute inset-y-0 left-0 bg-primary/35" style={{ width: `${pct(decided)}%` }} />
        <div className="absolute inset-y-0 left-0 bg-primary" style={{ width: `${pct(signed)}%` }} />
      </div>
      <span className="text-xs text-muted-foreground">{words}</span>
    </div>
  );
}
