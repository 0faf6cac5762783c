# The English interface keeps the Vietnamese date and number conventions of the data.
from khuyencong.formats.vi.formats import *  # noqa: F403
