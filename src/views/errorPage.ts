// The HTML page for an error response.
import { html } from './html';
import { layout } from './layout';
import { SiteChrome } from './model';

export function errorPage(status: number, title: string, message: string, site: SiteChrome): string {
  return layout(
    { title: `${status} ${title}`, ...site },
    html`
<h1>${status} ${title}</h1>
<p>${message}</p>
<p><a href="/">Back to the dataset's home page</a></p>`,
  );
}
