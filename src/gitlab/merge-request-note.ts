import { type GitLabProject, GitLabError, gitlabMessage, gitlabRequest } from './gitlab-request.js';

/** The merge request to comment on. */
export interface NoteTarget extends GitLabProject {
  /** The merge request's iid (CI_MERGE_REQUEST_IID), its number within the project. */
  mergeRequest: number;
  /** The project's web page (CI_PROJECT_URL), for a link to the note. */
  webUrl?: string;
}

export type NoteOutcome = { action: 'created' | 'updated'; url: string } | { action: 'forbidden'; message: string };

interface Note {
  id: number;
  body: string;
  system?: boolean;
}

/** GitLab's pages of notes are read at most this far (100 notes a page) before a new note is made. */
const MOST_PAGES = 50;

/**
 * Creates perfgate's review note on the merge request, or updates the one it made before (found by
 * its hidden marker on any page of the notes, GitLab's system notes skipped), so there is only ever
 * one per marker. A 403 (the token may not write here) is returned as `forbidden`; other failures
 * are thrown as GitLabError.
 */
export async function upsertMergeRequestNote(target: NoteTarget, body: string, marker: string, retryAfterMs?: number): Promise<NoteOutcome> {
  const notes = `/merge_requests/${target.mergeRequest}/notes`;
  const fail = (what: string, status: number, data: unknown): never => {
    const hint = status === 401 ? ' Check PERFGATE_GITLAB_TOKEN: a project or personal access token with the api scope.' : '';
    throw new GitLabError(`GitLab API at ${target.apiUrl} answered ${status} to ${what}: ${gitlabMessage(data)}.${hint}`, status);
  };
  let existing: Note | undefined;
  for (let page = 1; page <= MOST_PAGES && !existing; ) {
    const listed = await gitlabRequest<Note[]>(target, 'GET', `${notes}?per_page=100&page=${page}&sort=asc&order_by=created_at`, undefined, retryAfterMs);
    if (listed.status === 403) return { action: 'forbidden', message: gitlabMessage(listed.data) };
    if (listed.status !== 200 || !Array.isArray(listed.data)) return fail('the list of notes', listed.status, listed.data);
    existing = listed.data.find((note) => !note.system && typeof note.body === 'string' && note.body.includes(marker));
    const next = Number(listed.headers.get('x-next-page'));
    if (!Number.isInteger(next) || next <= page) break;
    page = next;
  }
  const written = existing
    ? await gitlabRequest<Note>(target, 'PUT', `${notes}/${existing.id}`, { body }, retryAfterMs)
    : await gitlabRequest<Note>(target, 'POST', notes, { body }, retryAfterMs);
  if (written.status === 403) return { action: 'forbidden', message: gitlabMessage(written.data) };
  if (written.status !== 200 && written.status !== 201) return fail(existing ? 'the update of its note' : 'a new note', written.status, written.data);
  const id = written.data.id ?? existing?.id;
  const url = target.webUrl ? `${target.webUrl.replace(/\/$/, '')}/-/merge_requests/${target.mergeRequest}#note_${id}` : `note ${id}`;
  return { action: existing ? 'updated' : 'created', url };
}
