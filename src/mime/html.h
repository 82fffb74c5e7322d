/*
 * html.h: HTML mail turned into readable plain text, without a browser:
 * no tags, no style or script content, entities decoded, paragraphs, line
 * breaks, lists and quotes kept, links listed at the end as [1] URL.
 */
#ifndef TAUBE_MIME_HTML_H
#define TAUBE_MIME_HTML_H

#include <stddef.h>

struct buf;

/*
 * Appends the text of html[0..len) (UTF-8) to out, wrapped at no width
 * (the pager wraps). Linear time on any input, however broken or deep
 * (the corpus has 1 MB of pathological HTML); nothing is fetched.
 */
void mime_html_to_text(struct buf *out, const char *html, size_t len);

#endif
