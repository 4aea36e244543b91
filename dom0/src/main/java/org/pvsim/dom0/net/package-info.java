/** dom0's network: the bridge that switches frames between the vifs (and, later, the machine's NIC). */
package org.pvsim.dom0.net;
