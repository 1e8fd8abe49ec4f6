/*
** office-pages.h: the pages of the office window, one widget each, each
** with its .ui template in the GResource.
**
**   OfficeSigninPage    the hub address, the personal token, "remember"
**   OfficeOverviewPage  the market at a glance: key figures against the
**                       previous period, the stalls table (sortable,
**                       searchable, sparklines, silent stalls highlighted)
**   OfficeStallPage     one stall: daily trend, weekday x hour heatmap,
**                       payment mix, product lines, the hub's reasons
**   OfficeLinesPage     product lines: the competitiveness table, the
**                       growth x LQ scatter, share bars, each verdict's reasons
**   OfficeStoresPage    core stores: ranked candidates, their score parts
**                       and reasons, ABC classes, the top stores chart
**   OfficeProgramPage   the program's engagements with the chosen one's
**                       impact in words, and the Onnuri review list
**
** A page reads only the model: it shows the last good data of its slot
** and redraws when the model says that slot changed.  The window decides
** what is loaded when; the pages never start a fetch on their own except
** the sign-in page's button.
*/
#ifndef OFFICE_PAGES_H
#define OFFICE_PAGES_H

#include "office-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OFFICE_TYPE_SIGNIN_PAGE (office_signin_page_get_type())
G_DECLARE_FINAL_TYPE(OfficeSigninPage, office_signin_page, OFFICE, SIGNIN_PAGE, GtkBox)
GtkWidget *office_signin_page_new(OfficeModel *model);
/* Fills the form (a scenario, a test, or --hub). */
void office_signin_page_fill(OfficeSigninPage *page, const char *hub_url, const char *token);
/* Presses "Sign in". */
void office_signin_page_submit(OfficeSigninPage *page);
/* Ticks or clears "Remember on this computer" (the demo modes clear it). */
void office_signin_page_set_remember(OfficeSigninPage *page, gboolean remember);

#define OFFICE_TYPE_OVERVIEW_PAGE (office_overview_page_get_type())
G_DECLARE_FINAL_TYPE(OfficeOverviewPage, office_overview_page, OFFICE, OVERVIEW_PAGE, GtkBox)
/* Signal "stall-activated" (const char *code): a row was opened. */
GtkWidget *office_overview_page_new(OfficeModel *model);
/* The stalls table (tests scroll and sort it). Transfer none. */
GtkTreeView *office_overview_page_get_table(OfficeOverviewPage *page);
/* Types into the search entry. */
void office_overview_page_search(OfficeOverviewPage *page, const char *text);
/* Rows shown after the search and the silent filter. */
int office_overview_page_visible_rows(OfficeOverviewPage *page);
/* Opens a stall as a double click on its row would; FALSE when it is not shown. */
gboolean office_overview_page_open(OfficeOverviewPage *page, const char *code);

#define OFFICE_TYPE_STALL_PAGE (office_stall_page_get_type())
G_DECLARE_FINAL_TYPE(OfficeStallPage, office_stall_page, OFFICE, STALL_PAGE, GtkBox)
/* Signal "back": the manager wants the overview again. */
GtkWidget *office_stall_page_new(OfficeModel *model);
/* The code in the enrollment dialog still open, or NULL. Transfer none. */
const char *office_stall_page_enroll_code(OfficeStallPage *page);

#define OFFICE_TYPE_LINES_PAGE (office_lines_page_get_type())
G_DECLARE_FINAL_TYPE(OfficeLinesPage, office_lines_page, OFFICE, LINES_PAGE, GtkBox)
GtkWidget *office_lines_page_new(OfficeModel *model);
/* Selects a line (its reasons show in the side panel); FALSE when absent. */
gboolean office_lines_page_select(OfficeLinesPage *page, const char *code);

#define OFFICE_TYPE_STORES_PAGE (office_stores_page_get_type())
G_DECLARE_FINAL_TYPE(OfficeStoresPage, office_stores_page, OFFICE, STORES_PAGE, GtkBox)
GtkWidget *office_stores_page_new(OfficeModel *model);
/* Selects a store (its score parts and reasons show); FALSE when absent. */
gboolean office_stores_page_select(OfficeStoresPage *page, const char *code);

#define OFFICE_TYPE_PROGRAM_PAGE (office_program_page_get_type())
G_DECLARE_FINAL_TYPE(OfficeProgramPage, office_program_page, OFFICE, PROGRAM_PAGE, GtkBox)
GtkWidget *office_program_page_new(OfficeModel *model);
/* Chooses an engagement (its impact is asked for); FALSE when it is not listed. */
gboolean office_program_page_select(OfficeProgramPage *page, gint64 id);
/* The impact's words on screen. Transfer none. */
const char *office_program_page_impact_text(OfficeProgramPage *page);

G_END_DECLS
#endif
