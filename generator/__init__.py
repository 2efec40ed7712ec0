"""newsgen: a static site generator for news publishers.

The pipeline, one module per stage, each importing only the stages below it:

    content.discover → content.parse → content.catalog → plan → render → write
          (load)          (load)          (model)        (plan)  (render) (write)

`build.build_site` runs it; `cli` wires it to the command line.
"""

__version__ = "0.1.0"
