Feature: Electrolyte filling EF-1: door lock, gas trips, dosing and vacuum supervision (ControlLogix)
  The filling chamber door stays locked while the chamber is under vacuum, solvent vapour (LEL) and HF
  in the enclosure stop dosing and force the extraction on, dosing stops at the recipe target and an
  over-dose is alarmed, and a chamber that cannot be pumped down raises a leak alarm.

  Background: the station is in automatic with a 60 g recipe and the extraction proven
    Given Filler.Dosing.Target is set to 60 g
    And Filler.Dosing.Tolerance is set to 1 g
    And Filler.Cmd.Auto is set to on
    And Filler.Gas.ExtractionProven is on within 1 s
    And Filler.Chamber.DoorLock is off

  @requirement(EF-S1)
  Scenario: The door stays locked while the chamber is under vacuum and releases at atmosphere
    When Filler.Cmd.Start is pulsed for 100 ms
    Then Filler.Chamber.DoorLock is on within 100 ms
    When I wait at most 10 s until Filler.Chamber.Pressure is below 10 mbar
    And ef1.door_open_request is set to on
    Then ef1.door_closed stays on for 2 s
    And Filler.Chamber.DoorLock stays on for 5 s
    When I wait at most 10 s until Filler.Chamber.DoorLock is off
    Then Filler.Chamber.Pressure is above 1008 mbar
    And Filler.Sts.CellDone is on
    And ef1.door_closed is off within 1 s

  @requirement(EF-S1)
  Scenario: The door unlocks only above the unlock pressure, never just below it
    When ef1.pressure_reading_mbar is stuck at 1005 mbar
    Then Filler.Chamber.DoorLock is on within 100 ms
    When the fault on ef1.pressure_reading_mbar is cleared
    And ef1.pressure_reading_mbar is stuck at 1010 mbar
    Then Filler.Chamber.DoorLock is off within 100 ms
    When the fault on ef1.pressure_reading_mbar is cleared
    And ef1.pressure_reading_mbar is stuck at 200 mbar
    Then Filler.Chamber.DoorLock is on within 100 ms
    When ef1.door_open_request is set to on
    Then ef1.door_closed stays on for 1 s

  @requirement(EF-S1)
  Scenario: A broken pressure transmitter wire keeps the door locked until repaired and reset
    When the ef1.pressure_reading_mbar wire breaks
    Then Filler.Chamber.DoorLock is on within 100 ms
    And Filler.Alarm.PressureSensorFault is on
    When the fault on ef1.pressure_reading_mbar is cleared
    Then Filler.Chamber.DoorLock stays on for 1 s
    When Filler.Cmd.Reset is pulsed for 100 ms
    Then Filler.Chamber.DoorLock is off within 100 ms

  @requirement(EF-S2)
  Scenario: Solvent vapour at the trip level stops dosing after 1 s, alarms and forces the extraction on
    When Filler.Cmd.Start is pulsed for 100 ms
    And I wait at most 10 s until Filler.Dosing.Pump is on
    And Filler.Cmd.Auto is set to off
    And ef1.lel_pct is stuck at 21 %LEL
    Then Filler.Dosing.Pump stays on for 900 ms
    And Filler.Dosing.Pump is off within 200 ms
    And Filler.Dosing.NeedleValve is off
    And Filler.Alarm.LEL_Trip is on
    And Filler.Gas.ExtractionFan is on
    And Filler.Chamber.VentValve is on within 100 ms

  @requirement(EF-S2)
  Scenario: Solvent vapour just below the trip level only pre-alarms and dosing goes on
    When Filler.Cmd.Start is pulsed for 100 ms
    And I wait at most 10 s until Filler.Dosing.Pump is on
    And ef1.lel_pct is stuck at 19.5 %LEL
    Then Filler.Alarm.LEL_High is on within 100 ms
    And Filler.Alarm.LEL_Trip stays off for 3 s
    And Filler.Dosing.Pump is on

  @requirement(EF-S2)
  Scenario: The LEL trip latches and is reset only once the vapour is gone
    When ef1.lel_pct is stuck at 30 %LEL
    Then Filler.Alarm.LEL_Trip is on within 1100 ms
    When Filler.Cmd.Reset is pulsed for 100 ms
    Then Filler.Alarm.LEL_Trip stays on for 2 s
    When the fault on ef1.lel_pct is cleared
    Then Filler.Alarm.LEL_Trip stays on for 2 s
    When Filler.Cmd.Reset is pulsed for 100 ms
    Then Filler.Alarm.LEL_Trip is off within 100 ms

  @requirement(EF-S2)
  Scenario: A broken LEL analyser wire is treated as a trip (NE43)
    When Filler.Cmd.Start is pulsed for 100 ms
    And I wait at most 10 s until Filler.Dosing.Pump is on
    And Filler.Cmd.Auto is set to off
    And the ef1.lel_pct wire breaks
    Then Filler.Dosing.Pump is off within 100 ms
    And Filler.Alarm.GasSensorFault is on
    And Filler.Alarm.LEL_Trip is on
    And Filler.Gas.ExtractionFan is on

  @requirement(EF-S3)
  Scenario: HF above 2 ppm stops dosing after 2 s; 1.9 ppm only pre-alarms
    When Filler.Dosing.Target is set to 120 g
    And Filler.Cmd.Start is pulsed for 100 ms
    And I wait at most 10 s until Filler.Dosing.Pump is on
    And ef1.hf_ppm is stuck at 1.9 ppm
    Then Filler.Alarm.HF_High is on within 100 ms
    And Filler.Dosing.Pump stays on for 3 s
    When the fault on ef1.hf_ppm is cleared
    And ef1.hf_ppm is stuck at 2.5 ppm
    Then Filler.Dosing.Pump stays on for 1900 ms
    And Filler.Dosing.Pump is off within 200 ms
    And Filler.Alarm.HF_Trip is on

  @requirement(EF-S3)
  Scenario: A shorted HF analyser loop (22 mA) is treated as a trip and blocks a new cycle
    When the ef1.hf_ppm wire is shorted
    Then Filler.Alarm.HF_Trip is on within 100 ms
    And Filler.Alarm.GasSensorFault is on
    When Filler.Cmd.Start is pulsed for 100 ms
    Then Filler.Chamber.VacuumPump never becomes on during the next 2 s
    And Filler.Sts.Step is 0

  @requirement(EF-P2)
  Scenario: Dosing stops at the recipe target and the cell is complete
    When Filler.Cmd.Start is pulsed for 100 ms
    Then Filler.Dosing.Pump is on within 10 s
    And Filler.Dosing.Pump is off within 10 s
    And Filler.Dosing.Total is 60 g ± 0.5 g
    And ef1.cell_mass_g is 1560 g ± 0.5 g
    And Filler.Sts.CellDone is on within 8 s
    And Filler.Alarm.OverDose is off

  @requirement(EF-P2)
  Scenario: Each new cell starts from a reset totaliser and is dosed to the target
    When Filler.Dosing.Target is set to 30 g
    And Filler.Cmd.Start is pulsed for 100 ms
    And I wait at most 20 s until Filler.Sts.CellDone is on
    And Filler.Cmd.Start is pulsed for 100 ms
    Then Filler.Dosing.Total is below 1 g within 100 ms
    And Filler.Dosing.Pump is on within 10 s
    And Filler.Dosing.Pump is off within 10 s
    And Filler.Dosing.Total is 30 g ± 0.5 g
    And ef1.cell_mass_g is 1530 g ± 0.5 g

  @requirement(EF-P2)
  Scenario: A needle valve that does not close over-doses the cell and is alarmed
    When Filler.Cmd.Start is pulsed for 100 ms
    And I wait at most 10 s until Filler.Dosing.Pump is on
    And ef1.needle_valve is stuck at on
    Then Filler.Alarm.OverDose is on within 15 s
    And Filler.Alarm.NeedleValveFault is on
    And Filler.Dosing.Pump is off
    And Filler.Sts.CellDone stays off for 1 s

  @requirement(EF-P3)
  Scenario: A chamber that does not reach 10 mbar within 8.5 s raises the leak alarm and vents
    When Filler.Cmd.Start is pulsed for 100 ms
    And ef1.pressure_reading_mbar is stuck at 400 mbar
    Then Filler.Alarm.VacuumLeak stays off for 8 s
    And Filler.Alarm.VacuumLeak is on within 600 ms
    And Filler.Chamber.VacuumPump is off within 100 ms
    And Filler.Chamber.VentValve is on
    And Filler.Dosing.Pump is off

  @requirement(EF-S4)
  Scenario: Extraction no longer proven stops dosing at once and alarms after 2 s
    When Filler.Dosing.Target is set to 120 g
    And Filler.Cmd.Start is pulsed for 100 ms
    And I wait at most 10 s until Filler.Dosing.Pump is on
    And ef1.extraction_proven is stuck at off
    Then Filler.Dosing.Pump is off within 100 ms
    And Filler.Dosing.NeedleValve is off
    And Filler.Alarm.ExtractionFault stays off for 1900 ms
    And Filler.Alarm.ExtractionFault is on within 200 ms
    When the fault on ef1.extraction_proven is cleared
    Then Filler.Alarm.ExtractionFault stays on for 1 s
    When Filler.Cmd.Reset is pulsed for 100 ms
    Then Filler.Alarm.ExtractionFault is off within 100 ms
