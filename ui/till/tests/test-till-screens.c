/*
** test-till-screens.c: the till on every screen a stall has, checked by the
** widgets' allocations rather than by eye.
**
** Each scenario (the ones --screenshot draws) is built on a window fitted
** to 800 x 600, 1024 x 768 and 1280 x 800 (till_window_fit, as --size
** does), laid out under Xvfb, and walked widget by widget, internal
** children included (one GTest path, and one CTest test, per screen):
**   - the window is no larger than the screen: its minimum fits;
**   - every button shown (the action keys, the pad, the quick keys, check
**     boxes, a combo's button) and every total lies inside the window, or
**     inside a scroller that does (it is reachable by scrolling), and is at
**     least 64 px high and wide: a finger's target;
**   - the dialog on top is no larger than the screen, is placed inside it
**     (there is no window manager under Xvfb to move it), and its buttons
**     and totals are inside it by the same rules.
** A failure names the scenario, the size and the widget (its label).
*/
#include "till-app.h"
#include "till-scenario.h"
#include "till-ui.h"
#include "till-window.h"
#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <string.h>

#define TOUCH_MIN 64


/*
** Every problem is said on stderr and counted, so one run lists them all;
** each test then asserts that there were none.
*/
static guint problems;

/* Says one problem. */
G_GNUC_PRINTF(1, 2) static void problem(const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  g_autofree char *text = g_strdup_vprintf(format, ap);
  va_end(ap);
  g_printerr("# PROBLEM %s\n", text);
  problems++;
}

/* What a failure says about a widget: its type and its words, if any. */
static char *describe(GtkWidget *w)
{
  const char *text = NULL;
  if (GTK_IS_LABEL(w))
    text = gtk_label_get_text(GTK_LABEL(w));
  else if (GTK_IS_BUTTON(w) && gtk_button_get_label(GTK_BUTTON(w)))
    text = gtk_button_get_label(GTK_BUTTON(w));
  else if (GTK_IS_BIN(w) && GTK_IS_LABEL(gtk_bin_get_child(GTK_BIN(w))))
    text = gtk_label_get_text(GTK_LABEL(gtk_bin_get_child(GTK_BIN(w))));
  g_autofree char *one_line = g_strdup(text ? text : "");
  g_strdelimit(one_line, "\n", ' ');
  return g_strdup_printf("%s '%s'", G_OBJECT_TYPE_NAME(w), one_line);
}

/*
** The widget a merchant must be able to reach w through: w itself, or the
** outermost scroller holding it (which scrolls it into view).
*/
static GtkWidget *reach(GtkWidget *w, GtkWidget *top)
{
  GtkWidget *through = w;
  for (GtkWidget *p = gtk_widget_get_parent(w); p && p != top; p = gtk_widget_get_parent(p))
    if (GTK_IS_SCROLLED_WINDOW(p))
      through = p;
  return through;
}

typedef struct {
  GtkWidget *top;      /* the toplevel walked */
  const char *where;   /* scenario and size, for the messages */
  guint checked;       /* buttons and totals seen */
} Walk;

/* An action's widget lies inside the toplevel and is large enough to touch. */
static void check_widget(GtkWidget *w, Walk *walk)
{
  gboolean is_total = GTK_IS_LABEL(w)
                      && (gtk_style_context_has_class(gtk_widget_get_style_context(w),
                                                      "total-amount")
                          || gtk_style_context_has_class(gtk_widget_get_style_context(w),
                                                         "pay-total"));
  gboolean is_target = GTK_IS_BUTTON(w) || GTK_IS_SWITCH(w);
  if (!(is_total || is_target) || !gtk_widget_get_mapped(w))
    return;
  walk->checked++;
  GtkWidget *through = reach(w, walk->top);
  GtkAllocation a;
  gtk_widget_get_allocation(through, &a);
  int x, y;
  g_assert_true(gtk_widget_translate_coordinates(through, walk->top, 0, 0, &x, &y));
  int top_w = gtk_widget_get_allocated_width(walk->top);
  int top_h = gtk_widget_get_allocated_height(walk->top);
  if (x < 0 || y < 0 || x + a.width > top_w || y + a.height > top_h) {
    g_autofree char *what = describe(w);
    problem("%s: %s at %d,%d %dx%d is outside its %dx%d %s", walk->where, what, x, y, a.width,
            a.height, top_w, top_h, G_OBJECT_TYPE_NAME(walk->top));
  }
  int bw = gtk_widget_get_allocated_width(w), bh = gtk_widget_get_allocated_height(w);
  if (is_target && (bw < TOUCH_MIN || bh < TOUCH_MIN)) {
    g_autofree char *what = describe(w);
    problem("%s: %s is %dx%d, under the %d px a finger needs", walk->where, what, bw, bh,
            TOUCH_MIN);
  }
}

/* Every widget under w, internal children too (a combo's button...). */
static void walk_tree(GtkWidget *w, gpointer data)
{
  check_widget(w, data);
  if (GTK_IS_CONTAINER(w))
    gtk_container_forall(GTK_CONTAINER(w), walk_tree, data);
}

/* A toplevel no larger than the screen, placed inside it, its actions inside it. */
static void check_toplevel(GtkWidget *top, int screen_w, int screen_h, const char *where)
{
  int w = gtk_widget_get_allocated_width(top), h = gtk_widget_get_allocated_height(top);
  int x, y;
  gtk_window_get_position(GTK_WINDOW(top), &x, &y);
  if (w > screen_w || h > screen_h || x < 0 || y < 0 || x + w > screen_w || y + h > screen_h)
    problem("%s: %s is %dx%d at %d,%d on a %dx%d screen", where, G_OBJECT_TYPE_NAME(top), w, h,
            x, y, screen_w, screen_h);
  Walk walk = {top, where, 0};
  gtk_container_forall(GTK_CONTAINER(top), walk_tree, &walk);
  g_assert_cmpuint(walk.checked, >, 0);
}

/* Lets GTK lay out a toplevel and run its idles. */
static void settle(GtkWidget *top)
{
  ui_batch_settle(top, 3000);
}

/* One scenario at one size: build, fit, drive, check the window and its dialog. */
static void check_scenario(GtkApplication *app, const char *name, int screen_w, int screen_h,
                           const char *lang)
{
  g_autofree char *where =
    g_strdup_printf("scenario %s at %dx%d (%s)", name, screen_w, screen_h, lang);
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(GError) error = NULL;
  g_autoptr(TillModel) model = till_model_new_demo(csv, &error);
  g_assert_no_error(error);
  TillWindow *win = till_window_new(app, model);
  till_window_fit(win, screen_w, screen_h);
  gtk_window_move(GTK_WINDOW(win), 0, 0);
  gtk_widget_show(GTK_WIDGET(win));
  if (!till_scenario_apply(win, name, &error))
    g_error("%s: %s", where, error ? error->message : "failed");
  settle(GTK_WIDGET(win));
  GtkWidget *dialog = till_window_get_dialog(win);
  if (dialog)
    settle(dialog);
  check_toplevel(GTK_WIDGET(win), screen_w, screen_h, where);
  if (dialog)
    check_toplevel(dialog, screen_w, screen_h, where);
  gtk_widget_destroy(GTK_WIDGET(win));
}

static GtkApplication *the_app;

/*
** The messages' language for the windows built next: gettext reads
** LANGUAGE on each call, and textdomain() empties its cache of answers.
*/
static void use_language(const char *lang)
{
  g_setenv("LANGUAGE", lang, TRUE);
  textdomain(textdomain(NULL));
}

typedef struct {
  int width, height;
  const char *lang;
} Screen;

/*
** Every scenario on one screen in one language.  Korean is the till's
** language; English, whose words are longer, is tried on the narrowest
** screen, where it matters.
*/
static const Screen screens[] = {
  {800, 600, "ko"}, {800, 600, "en"}, {1024, 768, "ko"}, {1280, 800, "ko"},
};

static void test_every_scenario(gconstpointer data)
{
  const Screen *screen = data;
  use_language(screen->lang);
  for (const char *const *name = till_scenario_names(); *name; name++)
    check_scenario(the_app, *name, screen->width, screen->height, screen->lang);
  g_assert_cmpuint(problems, ==, 0);
}

/*
** The checks can fail: a window forced wider than the screen it was fitted
** to puts its rightmost keys outside.
*/
static void test_checks_catch_overflow(void)
{
  if (g_test_subprocess()) {
    g_autoptr(GBytes) csv = till_ui_demo_catalog();
    g_autoptr(TillModel) model = till_model_new_demo(csv, NULL);
    TillWindow *win = till_window_new(the_app, model);
    till_window_fit(win, 1280, 800);
    gtk_widget_show(GTK_WIDGET(win));
    settle(GTK_WIDGET(win));
    check_toplevel(GTK_WIDGET(win), 800, 600, "forced");
    g_assert_cmpuint(problems, ==, 0);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*forced*on a 800x600 screen*");
}

/* The app's environment and CSS, as stall-pos starts. */
int main(int argc, char **argv)
{
  stall_pos_app_prepare(g_get_monotonic_time());
  gtk_test_init(&argc, &argv, NULL);
  /* gtk_test_init set the C locale, where gettext ignores LANGUAGE */
  setlocale(LC_ALL, "C.UTF-8");
  setlocale(LC_NUMERIC, "C");
  till_ui_load_css();
  the_app = gtk_application_new("org.marketpos.StallPos.Screens", G_APPLICATION_NON_UNIQUE);
  g_application_register(G_APPLICATION(the_app), NULL, NULL);
  till_window_set_accels(the_app);
  for (guint i = 0; i < G_N_ELEMENTS(screens); i++) {
    g_autofree char *path = g_strdup_printf("/till-screens/%dx%d-%s", screens[i].width,
                                            screens[i].height, screens[i].lang);
    g_test_add_data_func(path, &screens[i], test_every_scenario);
  }
  g_test_add_func("/till-screens/checks-catch-overflow", test_checks_catch_overflow);
  int rc = g_test_run();
  g_object_unref(the_app);
  return rc;
}
