/*
** office-enroll.h: a stall's enrollment code, made by a manager in the
** office (POST /v1/stalls/CODE/enroll-code, docs/PROTOCOL.md) and shown as
** text and QR for the stall's till to scan or type.
**
** office_model_enroll_code_async asks the signed-in hub on a worker thread;
** the answer's strings are copied into an OfficeEnrollCode (transfer full,
** office_enroll_code_free).  Errors are worded as the model's other errors
** (a consultant's token is refused by the hub: "does not cover stall").
*/
#ifndef OFFICE_ENROLL_H
#define OFFICE_ENROLL_H

#include "office-model.h"

G_BEGIN_DECLS

typedef struct {
  char *code;                   /* "K7QF-29XM-PW3D", as the hub wrote it */
  char *stall, *stall_name;     /* the stall it enrolls */
  int64_t expires_ms;           /* unusable after this instant */
} OfficeEnrollCode;

void office_enroll_code_free(OfficeEnrollCode *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeEnrollCode, office_enroll_code_free)

void office_model_enroll_code_async(OfficeModel *m, const char *stall, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
/* Transfer full; NULL with the error worded for the screen. */
OfficeEnrollCode *office_model_enroll_code_finish(OfficeModel *m, GAsyncResult *result,
                                                  GError **error);

G_END_DECLS
#endif
