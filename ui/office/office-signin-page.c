/*
** office-signin-page.c: OfficeSigninPage (see office-pages.h).
**
** The page shows the MARKETS slot: a spinner while the hub is asked, and
** in plain words why a sign-in did not go through (refused, unreachable).
** The button stays usable while a sign-in is on its way: pressing it again
** simply supersedes the first attempt, so a hub that never answers can
** never trap the manager on this page.
*/
#include "office-pages.h"
#include "office-ui.h"
#include <glib/gi18n.h>

struct _OfficeSigninPage {
  GtkBox parent_instance;
  GtkEntry *url_entry, *token_entry;
  GtkToggleButton *remember_check;
  GtkSpinner *spinner;
  GtkWidget *signin_button;     /* bound for the tests, which press it */
  GtkLabel *message_label;
  OfficeModel *model;
};

G_DEFINE_TYPE(OfficeSigninPage, office_signin_page, GTK_TYPE_BOX)

/* A message under the form; errors in red. */
static void say(OfficeSigninPage *p, const char *text, gboolean error)
{
  gtk_label_set_text(p->message_label, text ? text : "");
  office_ui_set_class(GTK_WIDGET(p->message_label), "alert-text", error);
}

/* The button and Enter in the token entry; bad input is said under the form. */
void office_signin_page_submit(OfficeSigninPage *page)
{
  g_autoptr(GError) error = NULL;
  office_model_set_remember(page->model, gtk_toggle_button_get_active(page->remember_check));
  if (!office_model_sign_in(page->model, gtk_entry_get_text(page->url_entry),
                            gtk_entry_get_text(page->token_entry), &error))
    say(page, error->message, TRUE);
}

/* Fills the form (--hub, the demo, scenarios); the token stays hidden. */
void office_signin_page_fill(OfficeSigninPage *page, const char *hub_url, const char *token)
{
  gtk_entry_set_text(page->url_entry, hub_url ? hub_url : "");
  gtk_entry_set_text(page->token_entry, token ? token : "");
}

/*
** A demo hub's token is worth nothing after the run, and a screenshot must
** not overwrite the user's own saved sign-in.
*/
void office_signin_page_set_remember(OfficeSigninPage *page, gboolean remember)
{
  gtk_toggle_button_set_active(page->remember_check, remember);
}

/* Follows the sign-in: asking, refused, unreachable, or through. */
static void on_model_changed(OfficeModel *model, int view, OfficeSigninPage *p)
{
  if (view != OFFICE_VIEW_MARKETS)
    return;
  OfficeState st = office_model_get_state(model, OFFICE_VIEW_MARKETS);
  if (st == OFFICE_STATE_LOADING)
    gtk_spinner_start(p->spinner);
  else
    gtk_spinner_stop(p->spinner);
  switch (st) {
  case OFFICE_STATE_LOADING:
    say(p, _("Asking the hub…"), FALSE);
    break;
  case OFFICE_STATE_OFFLINE:
  case OFFICE_STATE_REFUSED:
  case OFFICE_STATE_FAILED:
    say(p, office_model_get_error(model, OFFICE_VIEW_MARKETS), TRUE);
    break;
  case OFFICE_STATE_OK:
  case OFFICE_STATE_IDLE:
    say(p, NULL, FALSE);
    if (office_model_get_hub_url(model) && *gtk_entry_get_text(p->url_entry) == '\0')
      gtk_entry_set_text(p->url_entry, office_model_get_hub_url(model));
    break;
  }
}

/* Drops the model; the template's widgets go with GTK. */
static void office_signin_page_dispose(GObject *object)
{
  g_clear_object(&OFFICE_SIGNIN_PAGE(object)->model);
  G_OBJECT_CLASS(office_signin_page_parent_class)->dispose(object);
}

/* Template, bindings and the submit callback. */
static void office_signin_page_class_init(OfficeSigninPageClass *klass)
{
  GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = office_signin_page_dispose;
  office_ui_ensure_resources();
  gtk_widget_class_set_template_from_resource(w, OFFICE_RESOURCE_PATH "office-signin-page.ui");
  gtk_widget_class_bind_template_child(w, OfficeSigninPage, url_entry);
  gtk_widget_class_bind_template_child(w, OfficeSigninPage, token_entry);
  gtk_widget_class_bind_template_child(w, OfficeSigninPage, remember_check);
  gtk_widget_class_bind_template_child(w, OfficeSigninPage, spinner);
  gtk_widget_class_bind_template_child(w, OfficeSigninPage, signin_button);
  gtk_widget_class_bind_template_child(w, OfficeSigninPage, message_label);
  gtk_widget_class_bind_template_callback(w, office_signin_page_submit);
}

/* Everything is in the template. */
static void office_signin_page_init(OfficeSigninPage *p)
{
  gtk_widget_init_template(GTK_WIDGET(p));
}

/* The page follows the model's market-list slot from now on. */
GtkWidget *office_signin_page_new(OfficeModel *model)
{
  OfficeSigninPage *p = g_object_new(OFFICE_TYPE_SIGNIN_PAGE, NULL);
  p->model = g_object_ref(model);
  g_signal_connect_object(model, "changed", G_CALLBACK(on_model_changed), p, 0);
  return GTK_WIDGET(p);
}
