# Lets the test modules `import support` whether discovery runs with `-t training` or from this folder.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
