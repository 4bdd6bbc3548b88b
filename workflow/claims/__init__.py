"""Payment-by-results claims (docs/product-model.md §7): results rules judged against the
baseline taken when a family was attached, claim windows, the claim machine with
maker-checker, money in exact pence, and the finance export.

- ``results`` (pure): measures, results, ``assess``; ``loading`` (pure): results rule files
  and a council's local changes; ``money`` (pure): amounts tables in ``Decimal``;
  ``machine`` (pure): the claim's status on the state-machine kit;
- ``baselines``, ``progress``, ``windows``, ``service``: the database side;
- ``export``: the finance workbook and CSV.

Importing this package loads nothing else.
"""
