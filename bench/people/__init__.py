"""Generated load for the scale targets of the directory (issue "Directory", Scale).

`manage.py generate_load` fills the demo areas with realistic generated people
(population); `manage.py bench_search` times the search desk's query on them
(bench). Nothing here runs in production: no real person is ever generated.
"""
