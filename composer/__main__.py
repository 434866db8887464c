from composer.cli import main
import sys

sys.exit(main())
