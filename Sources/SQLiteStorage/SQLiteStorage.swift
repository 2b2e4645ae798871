import CSQLite
import Kernel
