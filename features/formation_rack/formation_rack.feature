Feature: Formation rack FR-07: channel protection and rack isolation (ControlLogix)
  A cell above V_max + 50 mV or at 60 °C takes its channel off within 1 s; a cell at 70 °C, off-gas
  or smoke isolate the whole rack (all channels off, rack contactor open), latched until reset; a
  welded rack contactor blocks any restart. The cycler channel data (voltage, temperature) are written
  as the cycler gateway delivers them; the rack devices come from the rack model.

  Background: the rack is energised with four channels forming at 3.7 V and 25 °C
    Given Rack.Ch1.Voltage is set to 3.7 V
    And Rack.Ch2.Voltage is set to 3.7 V
    And Rack.Ch3.Voltage is set to 3.7 V
    And Rack.Ch4.Voltage is set to 3.7 V
    And Rack.Ch1.Temp is set to 25 °C
    And Rack.Ch2.Temp is set to 25 °C
    And Rack.Ch3.Temp is set to 25 °C
    And Rack.Ch4.Temp is set to 25 °C
    And Rack.Ch1.Enable is set to on
    And Rack.Ch2.Enable is set to on
    And Rack.Ch3.Enable is set to on
    And Rack.Ch4.Enable is set to on
    And Rack.Cmd.Start is pulsed for 100 ms
    And Rack.IO.ContactorOpen is off within 100 ms
    And Rack.Ch1.Relay is on within 100 ms

  @requirement(FOR-S1)
  Scenario: An over-voltage takes only that channel off within 1 s and quarantines the cell
    When Rack.Ch1.Voltage is set to 4.30 V
    Then Rack.Ch1.Relay stays on for 150 ms
    And Rack.Ch1.Relay is off within 1 s
    And Rack.Ch1.OverVoltage is on
    And Rack.Ch2.Relay is on
    And Rack.IO.Contactor is on
    When Rack.Ch1.Voltage is set to 3.9 V
    Then Rack.Ch1.Relay stays off for 2 s
    When Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.Ch1.Relay is on within 100 ms

  @requirement(FOR-S1)
  Scenario: A cell just below the over-voltage limit keeps charging
    When Rack.Ch2.Voltage is set to 4.24 V
    Then Rack.Ch2.Relay stays on for 5 s
    And Rack.Ch2.OverVoltage is off

  @requirement(FOR-S3)
  Scenario: A cell at 62 °C takes its channel off within 1 s; 58 °C only alarms
    When Rack.Ch3.Temp is set to 58 °C
    Then Rack.Ch3.TempHigh is on within 100 ms
    And Rack.Ch3.Relay stays on for 3 s
    When Rack.Ch3.Temp is set to 62 °C
    Then Rack.Ch3.Relay is off within 1 s
    And Rack.Ch3.OverTemp is on
    And Rack.Alarm.Isolated is off
    And Rack.Ch4.Relay is on

  @requirement(FOR-S3)
  Scenario: A failed cell temperature probe is treated as an over-temperature
    When Rack.Ch4.Temp is set to -40 °C
    Then Rack.Ch4.Relay is off within 100 ms
    And Rack.Ch4.OverTemp is on
    When Rack.Ch4.Temp is set to 25 °C
    And Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.Ch4.Relay is on within 100 ms

  @requirement(FOR-S3)
  Scenario Outline: A cell at 72 °C on any channel isolates the whole rack
    When Rack.<channel>.Temp is set to 72 °C
    Then Rack.IO.Contactor is off within 1 s
    And Rack.Alarm.Isolated is on
    And Rack.Alarm.RackOverTemp is on
    And Rack.Ch1.Relay is off
    And Rack.Ch4.Relay is off
    And fr7.rack_contactor_feedback is on within 100 ms

    Examples:
      | channel |
      | Ch1     |
      | Ch2     |
      | Ch3     |
      | Ch4     |

  @requirement(FOR-S4)
  Scenario: Off-gas isolates the rack within 2 s and the isolation latches until reset and restart
    When fr7.offgas_reading_ppm is stuck at 150 ppm
    Then Rack.IO.Contactor stays on for 900 ms
    And Rack.IO.Contactor is off within 1 s
    And Rack.Ch1.Relay is off
    And Rack.Ch2.Relay is off
    And Rack.Ch3.Relay is off
    And Rack.Ch4.Relay is off
    And Rack.Alarm.OffGas is on
    And Rack.IO.ContactorOpen is on within 100 ms
    When the fault on fr7.offgas_reading_ppm is cleared
    And Rack.Cmd.Start is pulsed for 100 ms
    Then Rack.IO.Contactor stays off for 2 s
    When Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.Alarm.Isolated is off within 100 ms
    And Rack.IO.Contactor stays off for 1 s
    When Rack.Cmd.Start is pulsed for 100 ms
    Then Rack.IO.Contactor is on within 100 ms

  @requirement(FOR-S4)
  Scenario: Off-gas just below the isolation level does not isolate
    When fr7.offgas_reading_ppm is stuck at 95 ppm
    Then Rack.IO.Contactor stays on for 5 s
    And Rack.Alarm.Isolated is off

  @requirement(FOR-S4)
  Scenario: The smoke detector isolates the rack at once
    When fr7.smoke_alarm is stuck at on
    Then Rack.IO.Contactor is off after 2 scans
    And Rack.Alarm.Smoke is on
    And Rack.Ch3.Relay is off

  @requirement(FOR-S4)
  Scenario: A broken off-gas analyser wire is treated as off-gas (NE43)
    When the fr7.offgas_reading_ppm wire breaks
    Then Rack.IO.Contactor is off within 100 ms
    And Rack.Alarm.OffGasSensorFault is on
    And Rack.Alarm.Isolated is on

  @requirement(FOR-S4)
  Scenario: A welded rack contactor is detected on isolation and blocks any restart
    When fr7.rack_contactor_feedback is stuck at off
    And fr7.smoke_alarm is stuck at on
    Then Rack.IO.Contactor is off within 100 ms
    And Rack.Alarm.ContactorWelded is on within 1 s
    When the fault on fr7.smoke_alarm is cleared
    And Rack.Cmd.Reset is pulsed for 100 ms
    And Rack.Cmd.Start is pulsed for 100 ms
    Then Rack.IO.Contactor never becomes on during the next 3 s
    And Rack.Alarm.ContactorWelded is on
    And Rack.Sts.RestartBlocked is on
    When the fault on fr7.rack_contactor_feedback is cleared
    And Rack.Cmd.Reset is pulsed for 100 ms
    And Rack.Cmd.Start is pulsed for 100 ms
    Then Rack.IO.Contactor is on within 100 ms

  @requirement(FOR-S1)
  Scenario Outline: An over-voltage on <channel> is confirmed for 200 ms and its reset is refused while it persists
    When Rack.<channel>.Voltage is set to 4.30 V
    Then Rack.<channel>.Relay stays on for 180 ms
    And Rack.<channel>.Relay is off within 100 ms
    And Rack.<channel>.OverVoltage is on
    When Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay stays off for 500 ms
    When Rack.<channel>.Voltage is set to 3.9 V
    And I wait 300 ms
    And Rack.<channel>.Voltage is set to 4.30 V
    And Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay never becomes on during the next 1 s
    And Rack.<channel>.OverVoltage is on
    When Rack.<channel>.Voltage is set to 3.9 V
    And I wait 100 ms
    And Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay is on within 100 ms
    And Rack.<channel>.OverVoltage is off

    Examples:
      | channel |
      | Ch1     |
      | Ch2     |
      | Ch3     |
      | Ch4     |

  @requirement(FOR-S3)
  Scenario Outline: An over-temperature on <channel> is confirmed for 200 ms and its reset is refused while it persists
    When Rack.<channel>.Temp is set to 62 °C
    Then Rack.<channel>.Relay stays on for 180 ms
    And Rack.<channel>.Relay is off within 100 ms
    And Rack.<channel>.OverTemp is on
    And Rack.Alarm.Isolated is off
    When Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay stays off for 500 ms
    When Rack.<channel>.Temp is set to 58 °C
    And I wait 300 ms
    And Rack.<channel>.Temp is set to 62 °C
    And Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay never becomes on during the next 1 s
    And Rack.<channel>.OverTemp is on
    When Rack.<channel>.Temp is set to 25 °C
    And I wait 100 ms
    And Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay is on within 100 ms
    And Rack.<channel>.OverTemp is off

    Examples:
      | channel |
      | Ch1     |
      | Ch2     |
      | Ch3     |
      | Ch4     |

  @requirement(FOR-S3)
  Scenario Outline: A failed temperature probe on <channel> cannot be reset until the probe reads again
    When Rack.<channel>.Temp is set to -40 °C
    Then Rack.<channel>.Relay is off within 100 ms
    And Rack.<channel>.OverTemp is on
    When Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay stays off for 500 ms
    When Rack.<channel>.Temp is set to 25 °C
    And Rack.Cmd.Reset is pulsed for 100 ms
    Then Rack.<channel>.Relay is on within 100 ms
    And Rack.<channel>.OverTemp is off

    Examples:
      | channel |
      | Ch1     |
      | Ch2     |
      | Ch3     |
      | Ch4     |

  @requirement(FOR-S3)
  Scenario Outline: The temperature-high warning on <channel> comes at 55 °C (not at 54 °C) and does not trip
    When Rack.<channel>.Temp is set to 54 °C
    Then Rack.<channel>.TempHigh stays off for 300 ms
    When Rack.<channel>.Temp is set to 55 °C
    Then Rack.<channel>.TempHigh is on within 100 ms
    And Rack.<channel>.TempHigh stays on for 300 ms
    And Rack.<channel>.Relay is on
    And Rack.<channel>.OverTemp is off
    When Rack.<channel>.Temp is set to 25 °C
    Then Rack.<channel>.TempHigh is off within 100 ms

    Examples:
      | channel |
      | Ch1     |
      | Ch2     |
      | Ch3     |
      | Ch4     |

  @requirement(FOR-S4)
  Scenario: A welded rack contactor is reported 500 ms after the contactor was commanded open, not earlier
    When fr7.rack_contactor_feedback is stuck at off
    And fr7.smoke_alarm is stuck at on
    Then Rack.IO.Contactor is off after 2 scans
    And Rack.Alarm.ContactorWelded stays off for 450 ms
    And Rack.Alarm.ContactorWelded is on within 100 ms
    And Rack.Sts.RestartBlocked is on
