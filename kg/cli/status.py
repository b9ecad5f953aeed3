"""Exit statuses: one convention for every ``kg`` command.

== =========================================================================================
0  done: the command did what was asked, also when a query or a filter matches nothing (an
   empty table says ``no papers``, ``--json`` prints ``[]``): an empty answer is an answer
1  done, but the data lacks what was asked for: a name that matches nothing in the graph
   (``kg query entity``, ``--dataset``, ``related PAPER``, ``kg view --focus``), inputs that
   hold no paper at all (``kg build``, ``kg extract``: nothing is written), gold that holds
   nothing to learn (``kg train``: no model is written), or a rejected record under ``--strict``
2  not done: a usage error (argparse's own status), a missing or unreadable input or graph, an
   output that cannot be written, an unknown extension, another build writing to the same folder,
   a gold line ``kg train`` cannot use (named by file and line), a ``--model`` that is no model
== =========================================================================================

Like ``grep`` and ``diff``, 1 is "ran, and the answer is no" and 2 is "could not run": a script
can tell a typo in a name (1) from a broken command line or file system (2). Interrupted runs
exit 130; a closed pipe (``kg extract ... | head``) ends quietly with 0.
"""
from __future__ import annotations

__all__ = ["ERROR", "MISSING", "OK"]

OK = 0
MISSING = 1
ERROR = 2
