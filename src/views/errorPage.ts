// The HTML page for an error response.
import { html } from './html';
import { layout } from './layout';

export function errorPage(status: number, title: string, message: string): string {
  return layout({ title: `${status} ${title}`, siteName: 'forum-ld' }, html`
<h1>${status} ${title}</h1>
<p>${message}</p>
<p><a href="/">Back to the dataset's home page</a></p>`);
}
