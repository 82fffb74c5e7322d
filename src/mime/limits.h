/*
 * limits.h: the hard caps of the MIME / RFC 5322 parser. Mail is untrusted:
 * past a cap the parser stops descending or collecting and marks the message
 * as truncated, but it never fails and never loses what it has already read.
 */
#ifndef TAUBE_MIME_LIMITS_H
#define TAUBE_MIME_LIMITS_H

#define MIME_MAX_DEPTH		32		/* nested multiparts and message/rfc822 */
#define MIME_MAX_PARTS		10000		/* parts in one message, all levels */
#define MIME_MAX_FIELDS		10000		/* header fields in one header block */
#define MIME_MAX_HEADER_BYTES	(8u << 20)	/* bytes of one header block */
#define MIME_MAX_ADDRS		10000		/* addresses in one address list */
#define MIME_MAX_PARAMS		256		/* parameters of one Content-Type */
#define MIME_MAX_2231_SECTIONS	1000		/* continuations name*0* .. name*999* */
#define MIME_MAX_BOUNDARY	200		/* bytes in a boundary (RFC 2046: 70) */
#define MIME_MAX_ENCODED_WORDS	10000		/* encoded words decoded in one header */

#endif
