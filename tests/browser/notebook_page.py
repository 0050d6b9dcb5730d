"""Page objects for the classic Jupyter Notebook UI (notebook 6): what a learner sees and clicks.

Actions are real clicks on the menus, toolbar buttons and dialogs. What a cell shows is read from its
DOM (prompt, rendered outputs, images); only bookkeeping that has no visible form (the kernel's id, the
cells' tags, switching autosave off) goes through the page's ``Jupyter`` object.
"""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def wait_for(condition, timeout, what, interval=0.25):
    """Polls ``condition()`` until it returns something truthy; fails naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class TreePage:
    """The notebook list (``/tree``), the server's start page."""

    def __init__(self, driver, server):
        self.driver = driver
        self.server = server

    def open(self, timeout=30):
        self.driver.get(self.server.url("tree"))
        # The list is filled in by a request after the page loads.
        wait_for(lambda: self.notebook_names(), timeout, "the notebook list to show notebooks")
        return self

    def notebook_names(self):
        items = self.driver.find_elements(By.CSS_SELECTOR, "#notebook_list .list_item a.item_link .item_name")
        return [e.text for e in items if e.text.endswith(".ipynb")]

    def link_to(self, name):
        """The address the list links ``name`` to (the list opens notebooks in a new tab; we follow it here)."""
        for a in self.driver.find_elements(By.CSS_SELECTOR, "#notebook_list .list_item a.item_link"):
            if a.text == name:
                return a.get_attribute("href")
        raise AssertionError(f"the notebook list has no link to {name}")


# One JavaScript call describing every cell as the page shows it. Images are summarised by a hash of their
# data URL so that a redrawn plot is told apart from the previous frame without moving megabytes around.
_CELLS_JS = """
const hash = s => { let h = 2166136261 >>> 0;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; } return h; };
return Jupyter.notebook.get_cells().map((c, i) => ({
  index: i,
  type: c.cell_type,
  source: c.get_text(),
  tags: (c.metadata && c.metadata.tags) || [],
  running: c.element.hasClass('running'),
  prompt: c.element.find('.input_prompt').first().text().replace(/\\s+/g, ' ').trim(),
  errors: c.element.find('.output_error').map((_, e) => e.innerText).get(),
  stderr: c.element.find('.output_stderr').map((_, e) => e.innerText).get(),
  text: c.element.find('.output_subarea').map((_, e) => e.innerText).get().join('\\n'),
  images: c.element.find('.output_area img').map((_, e) => ({
      png: e.src.startsWith('data:image/png;base64,'), width: e.naturalWidth, height: e.naturalHeight,
      hash: hash(e.src)})).get(),
}));
"""


# Records the index of every cell the page sends to the kernel, so a test knows a click really ran a cell
# (a re-run cell can show the same prompt number as before).
_RECORD_EXECUTIONS_JS = """
if (!window.executedCells) {
  window.executedCells = [];
  Jupyter.notebook.events.on('execute.CodeCell',
      (event, data) => window.executedCells.push(Jupyter.notebook.find_cell_index(data.cell)));
}
return window.executedCells.length;
"""


class NotebookPage:
    """One open notebook."""

    def __init__(self, driver):
        self.driver = driver

    @classmethod
    def open(cls, driver, url, timeout=120):
        """Loads the notebook, switches autosave off (tests must never write into notebooks/), waits for
        the kernel to be idle."""
        driver.get(url)
        page = cls(driver)
        wait_for(lambda: driver.execute_script(
            "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded)"), 60,
            "the notebook page to load")
        driver.execute_script("Jupyter.notebook.set_autosave_interval(0)")
        page.wait_idle(timeout)
        return page

    def leave(self):
        """Lets the browser navigate away without the 'unsaved changes' prompt (we never save)."""
        self.driver.execute_script("window.onbeforeunload = null; Jupyter.notebook.set_dirty(false);")

    # ---- what the page shows ------------------------------------------------------------------------------

    def kernel_name(self):
        return self.driver.find_element(By.CSS_SELECTOR, "#kernel_indicator .kernel_indicator_name").text

    def kernel_idle(self):
        icon = self.driver.find_element(By.ID, "kernel_indicator_icon").get_attribute("class")
        return "kernel_idle_icon" in icon and self.driver.execute_script(
            "return Jupyter.notebook.kernel !== null && Jupyter.notebook.kernel.is_connected()")

    def kernel_id(self):
        return self.driver.execute_script("return Jupyter.notebook.kernel.id")

    def cells(self):
        return self.driver.execute_script(_CELLS_JS)

    def code_cells(self):
        return [c for c in self.cells() if c["type"] == "code" and c["source"].strip()]

    def cell(self, index):
        return self.cells()[index]

    def cell_element(self, index):
        return self.driver.find_elements(By.CSS_SELECTOR, "#notebook-container > .cell")[index]

    def wait_idle(self, timeout):
        wait_for(self.kernel_idle, timeout, "the kernel to be idle")

    def wait_done(self, timeout, what, indices=None, interval=0.25):
        """Waits until the kernel is idle and no cell (of ``indices``, default all) is queued or running;
        returns the cells as they are then."""
        def done():
            if not self.kernel_idle():
                return None
            cells = self.cells()
            watched = cells if indices is None else [cells[i] for i in indices]
            return None if any(c["running"] for c in watched) else cells
        return wait_for(done, timeout, what, interval)

    # ---- what a learner does ------------------------------------------------------------------------------

    def _click(self, css, timeout=10):
        WebDriverWait(self.driver, timeout).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css))).click()

    def menu(self, menu_link_id, item_id):
        """Opens a menu of the menu bar (e.g. ``celllink``) and clicks one of its items (e.g. ``run_all_cells``)."""
        self._click(f"#{menu_link_id}")
        self._click(f"#{item_id} > a")

    def toolbar(self, action):
        """Clicks the toolbar button bound to a notebook action, e.g. ``interrupt-kernel``."""
        self._click(f"#maintoolbar button[data-jupyter-action='jupyter-notebook:{action}']")

    def select(self, index):
        """Selects a cell by clicking its prompt, as a learner would before running it."""
        prompt = self.cell_element(index).find_element(By.CSS_SELECTOR, ".input_prompt")
        self.scroll_to(index)
        prompt.click()
        wait_for(lambda: self.driver.execute_script("return Jupyter.notebook.get_selected_index()") == index,
                 5, f"cell {index} to be selected")

    def run_cell(self, index, timeout):
        """Selects a cell, clicks Run on the toolbar and waits until it has run; returns the cell."""
        before = self.driver.execute_script(_RECORD_EXECUTIONS_JS)
        self.select(index)
        self.toolbar("run-cell-and-select-next")
        cell = self.wait_done(timeout, f"cell {index} to run", [index])[index]
        ran = self.driver.execute_script("return window.executedCells.slice(arguments[0])", before)
        assert index in ran, f"clicking Run did not run cell {index} (ran {ran})"
        return cell

    def scroll_to(self, index, block="center"):
        self.driver.execute_script("arguments[0].scrollIntoView({block: arguments[1]})",
                                   self.cell_element(index), block)

    def confirm_dialog(self, button_text, timeout=10):
        """Clicks a button of the modal dialog that is showing."""
        xpath = f"//div[contains(@class,'modal-dialog')]//button[normalize-space(.)='{button_text}']"
        WebDriverWait(self.driver, timeout).until(EC.element_to_be_clickable((By.XPATH, xpath))).click()
        WebDriverWait(self.driver, timeout).until(
            EC.invisibility_of_element_located((By.CSS_SELECTOR, ".modal-dialog")))
