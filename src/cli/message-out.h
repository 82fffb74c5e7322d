/* message-out.h: printing one parsed message as text or JSON (shared by show and read). */
#ifndef TAUBE_CLI_MESSAGE_OUT_H
#define TAUBE_CLI_MESSAGE_OUT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * Appends the message in data[0..len) as the pager shows it (header lines,
 * body, attachment list), or as one JSON object and a newline (the object
 * DESIGN's command-line contract defines).
 */
void cli_message_out(struct buf *out, const char *data, size_t len, bool json);

#endif
