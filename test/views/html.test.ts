// Link targets in views: one decision (safeHref) behind link(), term() and the html tag itself.
import { strict as assert } from 'node:assert';
import { html, INERT_HREF, link, safeHref } from '../../src/views/html';
import { term } from '../../src/views/terms';

describe('views/html: links', () => {
  it('follows relative references and http, https and mailto IRIs only', () => {
    for (const ok of [
      '/doc/x',
      '#L12',
      '?q=1',
      'page.html',
      '',
      'http://e.org/',
      'HTTPS://e.org/',
      'mailto:a@b.org',
      '/x?u=javascript:alert(1)',
      './javascript:x',
    ]) {
      assert.equal(safeHref(ok), ok, ok);
    }
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:x',
      '\u0001javascript:x',
      'java\tscript:x',
      'jav\nascript:x',
      'data:text/html,<b>',
      'vbscript:x',
      'file:///etc/passwd',
      'ftp://e.org/',
      'urn:isbn:1',
      'about:blank',
    ]) {
      assert.equal(safeHref(bad), undefined, JSON.stringify(bad));
    }
  });

  it('renders an unsafe target as text with the same attributes, a safe one as a link', () => {
    assert.equal(link('/doc/a', 'A', html` title="t"`).value, '<a href="/doc/a" title="t">A</a>');
    assert.equal(link('javascript:alert(1)', 'x', html` lang="en"`).value, '<span lang="en">x</span>');
    assert.equal(link(undefined, 'plain').value, '<span>plain</span>');
    assert.equal(
      term({ href: 'javascript:alert(1)', iri: 'javascript:alert(1)', label: 'javascript:alert(1)' }).value,
      '<span>javascript:alert(1)</span>',
    );
    assert.equal(term({ href: '/doc/a', iri: 'http://e.org/id/a', label: 'A' }).value, '<a href="/doc/a" title="http://e.org/id/a">A</a>');
  });

  it('makes an unsafe scheme inert wherever a view writes it into a URL attribute itself', () => {
    const evil = 'javascript:alert(1)';
    assert.equal(html`<a href="${evil}">x</a>`.value, `<a href="${INERT_HREF}">x</a>`);
    assert.equal(html`<img src='${evil}'>`.value, `<img src='${INERT_HREF}'>`);
    assert.equal(html`<form action="${'data:text/html,x'}">`.value, `<form action="${INERT_HREF}">`);
    assert.equal(html`<a href="${''}${evil}">x</a>`.value, `<a href="${INERT_HREF}">x</a>`, 'an empty value before it does not hide it');
    assert.equal(
      html`<a href="/search?q=${evil}">x</a>`.value,
      '<a href="/search?q=javascript:alert(1)">x</a>',
      'inside a URL it is only text',
    );
    assert.equal(
      html`<p title="${evil}">${evil}</p>`.value,
      `<p title="${evil}">${evil}</p>`,
      'other attributes and text are only escaped',
    );
  });
});
