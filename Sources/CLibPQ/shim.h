#ifndef VANORT_CLIBPQ_SHIM_H
#define VANORT_CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* The PG_DIAG_* field codes are character-literal macros that Swift cannot import. */
static const int VANORT_PG_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int VANORT_PG_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int VANORT_PG_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int VANORT_PG_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int VANORT_PG_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;
static const int VANORT_PG_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;
#endif
