"""Debian's Chromium, headless, driven through Debian's chromedriver, with every request it makes recorded.

Nothing may leave 127.0.0.1. Two layers make sure of it:

* prevention: the flags below switch off Chromium's own background traffic, and every non-loopback
  request is sent to a proxy on a closed loopback port (loopback itself bypasses proxies), so it fails
  instead of reaching the network;
* detection: chromedriver's performance log reports every request and WebSocket the pages open,
  before the proxy sees it, so an attempt is still caught and :class:`NetworkLog` fails the test.
"""
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
except ImportError as e:  # say which Debian packages are missing
    raise ImportError("the browser test needs Selenium: apt-get install python3-selenium chromium-driver") from e

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# The flags the issue asks for, then the network guards and a window large enough for readable screenshots.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--no-default-browser-check", "--disable-default-apps", "--disable-extensions",
    "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--window-size=1400,1050", "--hide-scrollbars",
]

# URL schemes that never touch the network: inline images, in-page objects, blank pages and the browser's
# own built-in pages (its new-tab page loads chrome:// resources).
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-untrusted"}


def start(user_data_dir: Path, log_dir: Path):
    """A fresh headless Chromium (new, empty profile) with performance and console logging on."""
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(tool):
            raise RuntimeError(f"{tool} is missing: apt-get install chromium chromium-driver python3-selenium")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # An explicit driver path: Selenium must not look for (or download) a driver itself.
    service = Service(CHROMEDRIVER, log_path=str(log_dir / "chromedriver.log"))
    return webdriver.Chrome(service=service, options=options)


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == "127.0.0.1"


class NetworkLog:
    """Every URL the browser's pages requested (HTTP and WebSocket), collected from the performance log."""

    def __init__(self, driver, console_log: Path):
        self.driver = driver
        self.console_log = console_log
        self.urls = []

    def drain(self):
        """The URLs requested since the last call (also kept in :attr:`urls`); console messages go to a file."""
        new = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.requestWillBeSent":
                new.append(params["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                new.append(params["url"])
        with open(self.console_log, "a") as f:
            for entry in self.driver.get_log("browser"):
                f.write(f"{entry['level']}: {entry['message']}\n")
        self.urls += new
        return new

    def outside_loopback(self):
        """The requests since the last call that would have left 127.0.0.1, in order, without repeats."""
        return list(dict.fromkeys(u for u in self.drain() if not is_loopback(u)))
